"""HTTP server built on wsgiref: GET /health and GET /hello?name=..."""

from __future__ import annotations

import json
import os
import signal
from socketserver import ThreadingMixIn
from urllib.parse import parse_qs
from wsgiref.simple_server import WSGIRequestHandler, WSGIServer, make_server


def _json(start_response, status: str, payload: dict) -> list[bytes]:
    body = json.dumps(payload).encode("utf-8")
    start_response(
        status,
        [("Content-Type", "application/json"), ("Content-Length", str(len(body)))],
    )
    return [body]


def app(environ, start_response):
    """The WSGI application."""
    method = environ["REQUEST_METHOD"]
    path = environ.get("PATH_INFO", "/")

    if method != "GET":
        return _json(start_response, "405 Method Not Allowed", {"error": "method not allowed"})
    if path == "/health":
        return _json(start_response, "200 OK", {"status": "ok"})
    if path == "/hello":
        query = parse_qs(environ.get("QUERY_STRING", ""))
        name = query.get("name", ["world"])[0]
        return _json(start_response, "200 OK", {"message": f"Hello, {name}!"})
    return _json(start_response, "404 Not Found", {"error": "not found"})


class _ThreadingWSGIServer(ThreadingMixIn, WSGIServer):
    daemon_threads = True


class _LoggingHandler(WSGIRequestHandler):
    def log_message(self, format, *args):  # noqa: A002 - signature from the stdlib
        print(f"{self.address_string()} - {format % args}", flush=True)


def _stop(signum, frame):
    raise SystemExit(0)


def main() -> None:
    # Exit cleanly on SIGTERM too (e.g. `docker stop`), not only on Ctrl+C.
    signal.signal(signal.SIGTERM, _stop)
    host = os.environ.get("HOST", "0.0.0.0")
    port = int(os.environ.get("PORT", "8080"))
    with make_server(host, port, app, _ThreadingWSGIServer, _LoggingHandler) as server:
        print(f"hello-service listening on http://{host}:{port}", flush=True)
        try:
            server.serve_forever()
        except KeyboardInterrupt:
            pass
