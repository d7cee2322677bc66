from fastapi.testclient import TestClient

from main import app

client = TestClient(app)


def test_health():
    response = client.get("/health")
    assert response.status_code == 200
    assert response.json() == {"status": "ok"}


def test_convert():
    response = client.get("/convert", params={"celsius": 100})
    assert response.status_code == 200
    assert response.json() == {"celsius": 100.0, "fahrenheit": 212.0}


def test_convert_requires_celsius():
    assert client.get("/convert").status_code == 422
