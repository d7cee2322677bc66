import json
from wsgiref.util import setup_testing_defaults

from hello_service.server import app


def call(path, query="", method="GET"):
    environ = {"PATH_INFO": path, "QUERY_STRING": query, "REQUEST_METHOD": method}
    setup_testing_defaults(environ)
    captured = {}

    def start_response(status, headers):
        captured["status"] = status

    body = b"".join(app(environ, start_response))
    return captured["status"], json.loads(body)


def test_health():
    assert call("/health") == ("200 OK", {"status": "ok"})


def test_hello():
    assert call("/hello", "name=Ada") == ("200 OK", {"message": "Hello, Ada!"})


def test_not_found():
    assert call("/nope")[0] == "404 Not Found"
