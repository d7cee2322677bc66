"""The service's HTTP API, called in-process through FastAPI's TestClient (no server needed)."""

from fastapi.testclient import TestClient

from main import app

client = TestClient(app)


def test_health_answers_ok() -> None:
    response = client.get("/health")
    assert response.status_code == 200
    assert response.text == "ok"


def test_hello_greets_by_name() -> None:
    response = client.get("/hello", params={"name": "Ada"})
    assert response.status_code == 200
    assert response.json() == {"message": "Hello, Ada!"}


def test_hello_has_a_default() -> None:
    assert client.get("/hello").json() == {"message": "Hello, world!"}
