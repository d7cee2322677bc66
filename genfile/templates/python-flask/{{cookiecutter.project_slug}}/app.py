"""{{ cookiecutter.project_name }}: {{ cookiecutter.description }}"""

import os

from flask import Flask, Response, request

# $PORT when set (the container image sets it), else the port chosen for this service.
PORT = int(os.environ.get("PORT", "{{ cookiecutter.port }}"))

app = Flask(__name__)


@app.get("/health")
def health() -> Response:
    """Liveness probe for load balancers and orchestrators: 200 "ok" while the process serves."""
    return Response("ok", mimetype="text/plain")


@app.get("/hello")
def hello() -> dict[str, str]:
    """An example route: replace it with your own."""
    name = request.args.get("name", "world")
    return {"message": f"Hello, {name}!"}


if __name__ == "__main__":
    # Flask's development server, on this machine only: the image runs gunicorn.
    app.run(port=PORT)
