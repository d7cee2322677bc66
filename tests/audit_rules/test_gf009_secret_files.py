"""GF009, secret files copied into the image: a secret named in a COPY is found at its line, and so
are the secret files of the project a COPY . . takes, unless .dockerignore excludes them."""

from __future__ import annotations

import pytest

from genfile.audit import audit_text
from tests.audit_rules.support import FLASK, PLAIN, found, ids
from tests.conftest import make_project

# (rule, line, Dockerfile): the anti-pattern and where the finding must point.
POSITIVE = [
    ("GF009", 2, 'FROM alpine:3.20\nCOPY .env config/ /app/\nUSER 1\nCMD ["x"]\n'),
]


@pytest.mark.parametrize(
    ("rule", "line", "text"), POSITIVE, ids=[f"{r}-{i}" for i, (r, _, _) in enumerate(POSITIVE)]
)
def test_anti_pattern_is_found_at_its_line(rule: str, line: int, text: str) -> None:
    assert (rule, line) in found(text, ignore=".git\n")


def test_secret_files_in_the_context_are_an_error(tmp_path) -> None:
    make_project(
        tmp_path, {**FLASK, ".env": "TOKEN=x", "certs/server.pem": "-----", ".env.example": "TOKEN="}
    )
    report = audit_text(PLAIN, dockerignore=".git\n.venv\nvenv\n", project=tmp_path)
    finding = next(f for f in report.findings if f.rule.id == "GF009")
    assert finding.line == 4 and ".env" in finding.message and "certs/server.pem" in finding.message
    assert ".env.example" not in finding.message
    assert "GF009" not in ids(PLAIN, ignore=".git\n.venv\nvenv\n**/.env\n**/*.pem\n", project=tmp_path)
