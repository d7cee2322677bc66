from flaskr import create_app


def test_health(tmp_path) -> None:
    app = create_app({"DATABASE": str(tmp_path / "t.sqlite")})
    assert app.test_client().get("/health").text == "ok"
