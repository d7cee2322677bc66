"""Schema migrations: run once per deploy, before the new version serves."""

import os
import sqlite3

DATABASE = os.environ.get("DATABASE_PATH", "/tmp/shop.sqlite3")
MIGRATIONS = [
    "CREATE TABLE IF NOT EXISTS product (id INTEGER PRIMARY KEY, name TEXT NOT NULL)",
    "CREATE TABLE IF NOT EXISTS price (product_id INTEGER REFERENCES product(id), cents INTEGER)",
]


def main() -> None:
    with sqlite3.connect(DATABASE) as conn:
        for statement in MIGRATIONS:
            conn.execute(statement)
    print(f"migrated {DATABASE}")


if __name__ == "__main__":
    main()
