"""Stock levels, kept in memory (a real service would use a database)."""

from fastapi import FastAPI, HTTPException
from fastapi.responses import PlainTextResponse
from pydantic import BaseModel, Field

app = FastAPI(title="inventory-api")


class Item(BaseModel):
    sku: str = Field(pattern=r"^[A-Z]{3}-\d{3}$")
    quantity: int = Field(ge=0)


STOCK: dict[str, Item] = {"ABC-001": Item(sku="ABC-001", quantity=12)}


@app.get("/health", response_class=PlainTextResponse)
def health() -> str:
    return "ok"


@app.get("/items/{sku}")
def item(sku: str) -> Item:
    if sku not in STOCK:
        raise HTTPException(status_code=404, detail="unknown sku")
    return STOCK[sku]


@app.put("/items/{sku}")
def set_item(sku: str, item: Item) -> Item:
    STOCK[sku] = item
    return item
