"""The service's HTTP API, called in-process through Flask's test client (no server needed)."""

from collections.abc import Iterator

import pytest
from flask.testing import FlaskClient

from app import app


@pytest.fixture
def client() -> Iterator[FlaskClient]:
    app.config.update(TESTING=True)
    with app.test_client() as client:
        yield client


def test_health_answers_ok(client: FlaskClient) -> None:
    response = client.get("/health")
    assert response.status_code == 200
    assert response.get_data(as_text=True) == "ok"


def test_hello_greets_by_name(client: FlaskClient) -> None:
    response = client.get("/hello", query_string={"name": "Ada"})
    assert response.status_code == 200
    assert response.get_json() == {"message": "Hello, Ada!"}


def test_hello_has_a_default(client: FlaskClient) -> None:
    assert client.get("/hello").get_json() == {"message": "Hello, world!"}
