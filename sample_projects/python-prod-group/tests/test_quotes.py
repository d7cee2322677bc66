from quotes import app


def test_health() -> None:
    assert app.test_client().get("/health").text == "ok"
