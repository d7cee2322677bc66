"""GF006, a package manager cache left in the image: the anti-pattern yields its finding at its
line, and the near miss that is fine yields nothing (precision matters as much as recall)."""

from __future__ import annotations

import pytest

from tests.audit_rules.support import found, ids

# (rule, line, Dockerfile): the anti-pattern and where the finding must point.
POSITIVE = [
    ("GF006", 2, "FROM python:3.12-slim\nRUN pip install flask\nUSER 1\n"),
    ("GF006", 2, "FROM python:3.12-slim\nRUN python -m pip install -r requirements.txt\nUSER 1\n"),
    (
        "GF006",
        2,
        "FROM debian:12-slim\nRUN apt-get update && apt-get install -y --no-install-recommends curl\n"
        "USER 1\n",
    ),
    ("GF006", 2, "FROM alpine:3.20\nRUN apk add curl\nUSER 1\n"),
    ("GF006", 3, "FROM node:20-alpine\nCOPY package.json ./\nRUN npm ci --omit=dev\nUSER node\n"),
    ("GF006", 2, "FROM node:20-alpine\nRUN yarn install --frozen-lockfile\nUSER node\n"),
    ("GF006", 2, "FROM fedora:40\nRUN dnf install -y curl\nUSER 1\n"),
    ("GF006", 2, "FROM debian:12-slim\nRUN <<EOF\napt-get update\napt-get install -y curl\nEOF\nUSER 1\n"),
]


@pytest.mark.parametrize(
    ("rule", "line", "text"), POSITIVE, ids=[f"{r}-{i}" for i, (r, _, _) in enumerate(POSITIVE)]
)
def test_anti_pattern_is_found_at_its_line(rule: str, line: int, text: str) -> None:
    assert (rule, line) in found(text)


# (rule, Dockerfile): close to an anti-pattern but fine; the rule must stay silent.
NEGATIVE = [
    ("GF006", "FROM python:3.12-slim\nRUN pip install --no-cache-dir flask\nUSER 1\n"),
    (
        "GF006",
        "FROM python:3.12-slim\nRUN --mount=type=cache,target=/root/.cache/pip pip install flask\nUSER 1\n",
    ),
    ("GF006", "FROM python:3.12-slim\nENV PIP_NO_CACHE_DIR=1\nRUN pip install flask\nUSER 1\n"),
    (
        "GF006",
        "FROM python:3.12-slim AS b\nRUN pip install flask\nFROM python:3.12-slim\nUSER 1\n",
    ),  # builder only
    (
        "GF006",
        "FROM debian:12-slim\n"
        "RUN apt-get update && apt-get install -y curl && rm -rf /var/lib/apt/lists/*\nUSER 1\n",
    ),
    ("GF006", "FROM alpine:3.20\nRUN apk add --no-cache curl\nUSER 1\n"),
    ("GF006", "FROM node:20-alpine\nRUN --mount=type=cache,target=/root/.npm npm ci\nUSER node\n"),
    ("GF006", "FROM fedora:40\nRUN dnf install -y curl && dnf clean all\nUSER 1\n"),
    ("GF006", "FROM python:3.12-slim\nRUN pip --version && python -m venv /v\nUSER 1\n"),
]


@pytest.mark.parametrize(("rule", "text"), NEGATIVE, ids=[f"{r}-{i}" for i, (r, _) in enumerate(NEGATIVE)])
def test_near_miss_is_not_reported(rule: str, text: str) -> None:
    assert rule not in ids(text)
