"""The service's HTTP API, called in-process through Django's test client (pytest-django)."""

from django.test import Client


def test_health_answers_ok(client: Client) -> None:
    response = client.get("/health")
    assert response.status_code == 200
    assert response.content == b"ok"


def test_hello_greets_by_name(client: Client) -> None:
    response = client.get("/hello", {"name": "Ada"})
    assert response.status_code == 200
    assert response.json() == {"message": "Hello, Ada!"}


def test_hello_refuses_post(client: Client) -> None:
    assert client.post("/hello").status_code == 405
