from starlette.testclient import TestClient

from app import app

client = TestClient(app)


def test_health():
    response = client.get("/health")
    assert response.status_code == 200
    assert response.text == "ok"


def test_count():
    response = client.get("/count", params={"text": "the quick brown fox"})
    assert response.json() == {"text": "the quick brown fox", "words": 4}
