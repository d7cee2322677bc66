"""GF002, a full base image in the final stage: the anti-pattern yields its finding at its line, and
the near miss that is fine yields nothing (precision matters as much as recall)."""

from __future__ import annotations

import pytest

from tests.audit_rules.support import found, ids

# (rule, line, Dockerfile): the anti-pattern and where the finding must point.
POSITIVE = [
    ("GF002", 3, 'FROM node:20-alpine AS b\nRUN echo\nFROM python:3.12-bookworm\nUSER 1\nCMD ["x"]\n'),
    ("GF002", 1, 'FROM debian:12\nUSER 1\nCMD ["x"]\n'),
]


@pytest.mark.parametrize(
    ("rule", "line", "text"), POSITIVE, ids=[f"{r}-{i}" for i, (r, _, _) in enumerate(POSITIVE)]
)
def test_anti_pattern_is_found_at_its_line(rule: str, line: int, text: str) -> None:
    assert (rule, line) in found(text)


# (rule, Dockerfile): close to an anti-pattern but fine; the rule must stay silent.
NEGATIVE = [
    ("GF002", 'FROM python:3.12 AS b\nRUN echo\nFROM python:3.12-slim\nUSER 1\nCMD ["x"]\n'),
    ("GF002", 'FROM myorg/python:3.12\nUSER 1\nCMD ["x"]\n'),
    ("GF002", 'FROM nginx:1.27\nUSER 101\nCMD ["nginx"]\n'),
]


@pytest.mark.parametrize(("rule", "text"), NEGATIVE, ids=[f"{r}-{i}" for i, (r, _) in enumerate(NEGATIVE)])
def test_near_miss_is_not_reported(rule: str, text: str) -> None:
    assert rule not in ids(text)
