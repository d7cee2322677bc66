"""A tiny Flask to-do list kept in memory."""

from flask import Flask, jsonify, request

app = Flask(__name__)
todos: list[dict] = []


@app.get("/health")
def health():
    return jsonify(status="ok")


@app.get("/todos")
def list_todos():
    return jsonify(todos)


@app.post("/todos")
def add_todo():
    payload = request.get_json(silent=True) or {}
    title = str(payload.get("title", "")).strip()
    if not title:
        return jsonify(error="title is required"), 400
    todo = {"id": len(todos) + 1, "title": title}
    todos.append(todo)
    return jsonify(todo), 201
