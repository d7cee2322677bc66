from fastapi.testclient import TestClient

from service.main import app

client = TestClient(app)


def test_health():
    response = client.get("/health")
    assert response.status_code == 200
    assert response.json() == {"status": "ok"}


def test_create_and_read_note():
    created = client.post("/notes", json={"text": "buy milk"})
    assert created.status_code == 201
    note_id = created.json()["id"]
    assert client.get(f"/notes/{note_id}").json() == {"text": "buy milk"}


def test_missing_note():
    assert client.get("/notes/999").status_code == 404
