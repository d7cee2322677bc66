"""A WSGI app: the page is a template shipped inside the package (read at start)."""

from importlib.resources import files

TEMPLATE = files("notes").joinpath("templates/index.html").read_text(encoding="utf-8")
NOTES = ["Deploy on Fridays only with a rollback plan.", "Coffee machine is fixed."]


def app(environ, start_response):
    path = environ.get("PATH_INFO", "/")
    if path == "/health":
        body, kind = b"ok", "text/plain"
    elif path == "/":
        items = "".join(f"<li>{n}</li>" for n in NOTES)
        body, kind = TEMPLATE.replace("{{ notes }}", items).encode(), "text/html"
    else:
        start_response("404 Not Found", [("Content-Type", "text/plain")])
        return [b"not found"]
    start_response("200 OK", [("Content-Type", f"{kind}; charset=utf-8")])
    return [body]
