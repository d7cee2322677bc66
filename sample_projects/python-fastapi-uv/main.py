"""A tiny FastAPI service: a health check and a temperature converter."""

from fastapi import FastAPI, Query

app = FastAPI(title="converter")


@app.get("/health")
async def health() -> dict[str, str]:
    return {"status": "ok"}


@app.get("/convert")
async def convert(celsius: float = Query(..., description="Temperature in °C")) -> dict[str, float]:
    return {"celsius": celsius, "fahrenheit": celsius * 9 / 5 + 32}
