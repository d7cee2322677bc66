"""A status board: which services are up, as Render runs it (its start command passes $PORT)."""

from datetime import datetime, timezone

from fastapi import FastAPI
from fastapi.responses import PlainTextResponse

app = FastAPI(title="status-board")
STARTED = datetime.now(timezone.utc)
SERVICES = {"api": "up", "worker": "up", "mail": "degraded"}


@app.get("/health", response_class=PlainTextResponse)
def health() -> str:
    return "ok"


@app.get("/")
def board() -> dict[str, object]:
    return {"since": STARTED.isoformat(), "services": SERVICES}
