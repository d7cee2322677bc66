"""GF016, a development server as the container's process: the anti-pattern yields its finding at
its line, and the near miss that is fine yields nothing (precision matters as much as recall). `npm
start` whose script runs a development server is GF014 and GF016 both."""

from __future__ import annotations

import pytest

from tests.audit_rules.support import found, ids
from tests.conftest import make_project

# (rule, line, Dockerfile): the anti-pattern and where the finding must point.
POSITIVE = [
    ("GF016", 3, 'FROM python:3.12-slim\nUSER 1\nCMD ["flask", "run", "--host", "0.0.0.0"]\n'),
    ("GF016", 3, 'FROM python:3.12-slim\nUSER 1\nCMD ["python", "manage.py", "runserver", "0.0.0.0:8000"]\n'),
    (
        "GF016",
        3,
        'FROM python:3.12-slim\nUSER 1\nCMD ["uvicorn", "main:app", "--host", "0.0.0.0", "--reload"]\n',
    ),
    ("GF016", 3, 'FROM node:20-alpine\nUSER node\nCMD ["npx", "next", "dev"]\n'),
]


@pytest.mark.parametrize(
    ("rule", "line", "text"), POSITIVE, ids=[f"{r}-{i}" for i, (r, _, _) in enumerate(POSITIVE)]
)
def test_anti_pattern_is_found_at_its_line(rule: str, line: int, text: str) -> None:
    assert (rule, line) in found(text)


# (rule, Dockerfile): close to an anti-pattern but fine; the rule must stay silent.
NEGATIVE = [
    ("GF016", 'FROM python:3.12-slim\nUSER 1\nCMD ["gunicorn", "--bind", "0.0.0.0:8000", "app:app"]\n'),
    ("GF016", 'FROM node:20-alpine\nRUN npx vite build\nUSER node\nCMD ["node", "server.js"]\n'),
]


@pytest.mark.parametrize(("rule", "text"), NEGATIVE, ids=[f"{r}-{i}" for i, (r, _) in enumerate(NEGATIVE)])
def test_near_miss_is_not_reported(rule: str, text: str) -> None:
    assert rule not in ids(text)


def test_npm_start_of_a_dev_server_is_a_dev_server(tmp_path) -> None:
    make_project(tmp_path, {"package.json": '{"name": "x", "scripts": {"start": "nodemon index.js"}}'})
    text = 'FROM node:22-alpine\nUSER node\nCMD ["npm", "start"]\n'
    assert {"GF014", "GF016"} <= ids(text, project=tmp_path)
