"""A tiny Flask service with a health check and a greeting endpoint."""

import os

from dotenv import load_dotenv
from flask import Flask, jsonify, request

# Pick up settings from a local .env file when there is one.
load_dotenv()

app = Flask(__name__)
GREETING = os.environ.get("GREETING", "Hello")


@app.get("/health")
def health():
    return jsonify(status="ok")


@app.get("/hello")
def hello():
    name = request.args.get("name", "world")
    return jsonify(message=f"{GREETING}, {name}!")


if __name__ == "__main__":
    app.run(host="0.0.0.0", port=5000)
