import sqlite3

from flask import current_app, g

SCHEMA = "CREATE TABLE IF NOT EXISTS visit (id INTEGER PRIMARY KEY, at TEXT DEFAULT CURRENT_TIMESTAMP)"


def get_db() -> sqlite3.Connection:
    if "db" not in g:
        g.db = sqlite3.connect(current_app.config["DATABASE"])
    return g.db


def close_db(exc: BaseException | None = None) -> None:
    conn = g.pop("db", None)
    if conn is not None:
        conn.close()


def init_db() -> None:
    get_db().execute(SCHEMA)


def init_app(app) -> None:
    app.teardown_appcontext(close_db)
