"""GF013, shell-form CMD or ENTRYPOINT: the anti-pattern yields its finding at its line, and the
near miss that is fine yields nothing (precision matters as much as recall). The fix is the exec
form, and an image without a shell cannot start at all."""

from __future__ import annotations

import pytest

from genfile.audit import audit_text
from tests.audit_rules.support import GOOD_IGNORE, found, ids

# (rule, line, Dockerfile): the anti-pattern and where the finding must point.
POSITIVE = [
    ("GF013", 3, "FROM python:3.12-slim\nUSER 1\nCMD gunicorn -b 0.0.0.0:8000 app:app\n"),
    ("GF013", 3, "FROM alpine:3.20\nUSER 1\nENTRYPOINT /usr/local/bin/server --port 80\n"),
]


@pytest.mark.parametrize(
    ("rule", "line", "text"), POSITIVE, ids=[f"{r}-{i}" for i, (r, _, _) in enumerate(POSITIVE)]
)
def test_anti_pattern_is_found_at_its_line(rule: str, line: int, text: str) -> None:
    assert (rule, line) in found(text)


# (rule, Dockerfile): close to an anti-pattern but fine; the rule must stay silent.
NEGATIVE = [
    ("GF013", 'FROM python:3.12-slim\nUSER 1\nCMD ["gunicorn", "app:app"]\n'),
    ("GF013", "FROM python:3.12-slim\nUSER 1\nCMD exec gunicorn --bind 0.0.0.0:$PORT app:app\n"),
    (
        "GF013",
        'FROM python:3.12-slim\nUSER 1\nCMD python old.py\nCMD ["python", "new.py"]\n',
    ),  # not the effective one
]


@pytest.mark.parametrize(("rule", "text"), NEGATIVE, ids=[f"{r}-{i}" for i, (r, _) in enumerate(NEGATIVE)])
def test_near_miss_is_not_reported(rule: str, text: str) -> None:
    assert rule not in ids(text)


def test_shell_form_fix_is_the_exec_form() -> None:
    report = audit_text(
        "FROM python:3.12-slim\nUSER 1\nCMD gunicorn -b 0.0.0.0:8000 app:app\n", dockerignore=GOOD_IGNORE
    )
    finding = next(f for f in report.findings if f.rule.id == "GF013")
    assert 'CMD ["gunicorn", "-b", "0.0.0.0:8000", "app:app"]' in finding.fix_text


def test_shell_form_on_distroless_cannot_start() -> None:
    text = "FROM gcr.io/distroless/static-debian12:nonroot\nCOPY x /x\nENTRYPOINT /x --serve\n"
    finding = next(f for f in audit_text(text, dockerignore=GOOD_IGNORE).findings if f.rule.id == "GF013")
    assert "has none: the container cannot start" in finding.message
