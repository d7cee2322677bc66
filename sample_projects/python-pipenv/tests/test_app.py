from app import app


def test_health():
    response = app.test_client().get("/health")
    assert response.status_code == 200
    assert response.get_json() == {"status": "ok"}


def test_add_and_list_todos():
    client = app.test_client()
    created = client.post("/todos", json={"title": "write tests"})
    assert created.status_code == 201
    assert {"id": created.get_json()["id"], "title": "write tests"} in client.get("/todos").get_json()


def test_add_todo_requires_title():
    assert app.test_client().post("/todos", json={}).status_code == 400
