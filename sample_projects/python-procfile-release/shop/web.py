import sqlite3

from flask import Flask

from shop.migrate import DATABASE

app = Flask(__name__)


@app.get("/health")
def health() -> str:
    return "ok"


@app.get("/products")
def products() -> dict[str, list[str]]:
    with sqlite3.connect(DATABASE) as conn:
        rows = conn.execute("SELECT name FROM product ORDER BY name").fetchall()
    return {"products": [name for (name,) in rows]}
