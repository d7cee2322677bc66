"""Helpers shared by the per-rule audit tests: audit a Dockerfile held in memory and keep
(rule, line) of what it found, and the small Flask project several rules are tried on."""

from __future__ import annotations

from genfile.audit import audit_text

GOOD_IGNORE = ".git\n**/node_modules\n.venv\nvenv\n**/.env\n**/.env.*\n"


def found(text: str, *, ignore: str | None = GOOD_IGNORE, project=None) -> set[tuple[str, int | None]]:
    report = audit_text(text, dockerignore=ignore, project=project)
    return {(f.rule.id, f.line) for f in report.findings}


def ids(text: str, **kwargs) -> set[str]:
    return {rule for rule, _ in found(text, **kwargs)}


FLASK = {"requirements.txt": "flask\n", "app.py": "from flask import Flask\napp = Flask(__name__)\n"}
PLAIN = (
    "FROM python:3.12-slim\nCOPY requirements.txt .\n"
    "RUN pip install --no-cache-dir -r requirements.txt\nCOPY . .\nUSER 1\nEXPOSE 8000\n"
    'CMD ["gunicorn", "app:app"]\n'
)
