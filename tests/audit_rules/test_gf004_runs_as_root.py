"""GF004, the container runs as root: the anti-pattern yields its finding at its line, and the near
miss that is fine yields nothing (precision matters as much as recall)."""

from __future__ import annotations

import pytest

from tests.audit_rules.support import found, ids

# (rule, line, Dockerfile): the anti-pattern and where the finding must point.
POSITIVE = [
    ("GF004", 2, 'FROM python:3.12-slim\nCMD ["python", "-m", "app"]\n'),
    ("GF004", 3, 'FROM python:3.12-slim\nUSER app\nUSER root\nCMD ["x"]\n'),
    ("GF004", 2, 'FROM python:3.12-slim\nUSER 0:0\nCMD ["x"]\n'),
]


@pytest.mark.parametrize(
    ("rule", "line", "text"), POSITIVE, ids=[f"{r}-{i}" for i, (r, _, _) in enumerate(POSITIVE)]
)
def test_anti_pattern_is_found_at_its_line(rule: str, line: int, text: str) -> None:
    assert (rule, line) in found(text)


# (rule, Dockerfile): close to an anti-pattern but fine; the rule must stay silent.
NEGATIVE = [
    ("GF004", 'FROM gcr.io/distroless/static-debian12:nonroot\nCMD ["x"]\n'),
    ("GF004", 'FROM python:3.12-slim AS base\nUSER 10001\nFROM base\nCMD ["x"]\n'),
    ("GF004", 'FROM nginxinc/nginx-unprivileged:1.27-alpine\nCMD ["nginx"]\n'),
    ("GF004", 'FROM $BASE\nCMD ["x"]\n'),
]


@pytest.mark.parametrize(("rule", "text"), NEGATIVE, ids=[f"{r}-{i}" for i, (r, _) in enumerate(NEGATIVE)])
def test_near_miss_is_not_reported(rule: str, text: str) -> None:
    assert rule not in ids(text)
