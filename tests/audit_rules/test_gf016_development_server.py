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


FASTAPI = {"requirements.txt": "fastapi\n", "main.py": "from fastapi import FastAPI\napp = FastAPI()\n"}


def _gf016(tmp_path, files, cmd: str) -> list:
    from genfile.audit import audit_text
    from tests.audit_rules.support import GOOD_IGNORE
    from tests.conftest import make_project

    make_project(tmp_path, files)
    text = f"FROM python:3.13-slim\nCOPY . .\nRUN pip install --no-cache-dir -r requirements.txt\nUSER 1\n{cmd}\n"
    report = audit_text(text, dockerignore=GOOD_IGNORE, project=tmp_path)
    return [f for f in report.findings if f.rule.id == "GF016"]


def test_the_missing_dependency_is_the_server_not_the_sh_wrapper(tmp_path) -> None:
    # genfile's command for a FastAPI app runs through sh -c (to read $PORT): the server is uvicorn.
    (finding,) = _gf016(tmp_path, FASTAPI, 'CMD ["uvicorn", "main:app", "--reload"]')
    assert "uvicorn is not among the project's dependencies yet" in finding.fix


def test_words_of_a_wrapper_are_not_the_server(tmp_path) -> None:
    cmd = 'CMD ["sh", "-c", "echo flask run is not used here; exec gunicorn app:app"]'
    assert _gf016(tmp_path, {"requirements.txt": "flask\ngunicorn\n", "app.py": "app = 1\n"}, cmd) == []


def test_a_dev_server_behind_sh_c_and_env_is_found(tmp_path) -> None:
    cmd = 'CMD ["sh", "-c", "env FLASK_APP=app exec flask run --host 0.0.0.0"]'
    (finding,) = _gf016(tmp_path, {"requirements.txt": "flask\n", "app.py": "app = 1\n"}, cmd)
    assert "flask run" in finding.message
