"""A small Flask service that talks to PostgreSQL through psycopg2."""

import os

import psycopg2
from flask import Flask, jsonify

app = Flask(__name__)


@app.get("/health")
def health():
    # No database needed here: importing psycopg2 above already proves that
    # the compiled C extension (and libpq) loads.
    return jsonify(status="ok", psycopg2=psycopg2.__version__)


@app.get("/db")
def db():
    dsn = os.environ.get("DATABASE_URL")
    if not dsn:
        return jsonify(status="error", error="DATABASE_URL is not set"), 503
    try:
        with psycopg2.connect(dsn, connect_timeout=3) as conn:
            with conn.cursor() as cur:
                cur.execute("SELECT version()")
                (version,) = cur.fetchone()
        conn.close()
    except psycopg2.Error as exc:
        return jsonify(status="error", error=str(exc).strip()), 503
    return jsonify(status="ok", server=version)


if __name__ == "__main__":
    app.run(host="0.0.0.0", port=8000)
