"""{{ cookiecutter.project_name }}: {{ cookiecutter.description }}"""

import os

from fastapi import FastAPI
from fastapi.responses import PlainTextResponse

# $PORT when set (the container image sets it), else the port chosen for this service.
PORT = int(os.environ.get("PORT", "{{ cookiecutter.port }}"))

app = FastAPI(title="{{ cookiecutter.project_name }}")


@app.get("/health", response_class=PlainTextResponse)
def health() -> str:
    """Liveness probe for load balancers and orchestrators: 200 "ok" while the process serves."""
    return "ok"


@app.get("/hello")
def hello(name: str = "world") -> dict[str, str]:
    """An example route: replace it with your own."""
    return {"message": f"Hello, {name}!"}


if __name__ == "__main__":
    import uvicorn

    # On this machine only; the image runs uvicorn on 0.0.0.0.
    uvicorn.run(app, host="127.0.0.1", port=PORT)
