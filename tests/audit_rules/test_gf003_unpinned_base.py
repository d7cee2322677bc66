"""GF003, a base image without a version: the anti-pattern yields its finding at its line, and the
near miss that is fine yields nothing (precision matters as much as recall)."""

from __future__ import annotations

import pytest

from tests.audit_rules.support import found, ids

# (rule, line, Dockerfile): the anti-pattern and where the finding must point.
POSITIVE = [
    ("GF003", 1, 'FROM python\nUSER 1\nCMD ["x"]\n'),
    ("GF003", 3, 'FROM python:3.12-slim AS b\nRUN echo\nFROM alpine:latest\nUSER 1\nCMD ["x"]\n'),
]


@pytest.mark.parametrize(
    ("rule", "line", "text"), POSITIVE, ids=[f"{r}-{i}" for i, (r, _, _) in enumerate(POSITIVE)]
)
def test_anti_pattern_is_found_at_its_line(rule: str, line: int, text: str) -> None:
    assert (rule, line) in found(text)


# (rule, Dockerfile): close to an anti-pattern but fine; the rule must stay silent.
NEGATIVE = [
    ("GF003", 'FROM python:3.12-slim AS base\nFROM base\nUSER 1\nCMD ["x"]\n'),
    ("GF003", 'FROM scratch\nUSER 1\nCMD ["x"]\n'),
    ("GF003", 'FROM python@sha256:0123456789abcdef\nUSER 1\nCMD ["x"]\n'),
    ("GF003", 'ARG BASE=python:3.12-slim\nFROM ${BASE}\nUSER 1\nCMD ["x"]\n'),
]


@pytest.mark.parametrize(("rule", "text"), NEGATIVE, ids=[f"{r}-{i}" for i, (r, _) in enumerate(NEGATIVE)])
def test_near_miss_is_not_reported(rule: str, text: str) -> None:
    assert rule not in ids(text)
