"""GF005, source copied before the dependency install: the anti-pattern yields its finding at its
line, and the near miss that is fine yields nothing (precision matters as much as recall)."""

from __future__ import annotations

import pytest

from tests.audit_rules.support import found, ids

# (rule, line, Dockerfile): the anti-pattern and where the finding must point.
POSITIVE = [
    (
        "GF005",
        2,
        "FROM python:3.12-slim\nCOPY . /app\nRUN pip install --no-cache-dir -r /app/requirements.txt\n"
        "USER 1\n",
    ),
    (
        "GF005",
        2,
        "FROM node:20-alpine\nCOPY src/ ./src/\nCOPY package.json ./\n"
        "RUN npm ci && npm cache clean --force\nUSER node\n",
    ),
    ("GF005", 2, "FROM golang:1.22 AS b\nCOPY . .\nRUN go mod download\nFROM scratch\nUSER 1\n"),
    (
        "GF005",
        2,
        "FROM python:3.12-slim AS deps\nCOPY . .\nFROM deps\n"
        "RUN apt-get update && apt-get install -y libpq5 && rm -rf /var/lib/apt/lists/*\nUSER 1\n",
    ),
]


@pytest.mark.parametrize(
    ("rule", "line", "text"), POSITIVE, ids=[f"{r}-{i}" for i, (r, _, _) in enumerate(POSITIVE)]
)
def test_anti_pattern_is_found_at_its_line(rule: str, line: int, text: str) -> None:
    assert (rule, line) in found(text)


# (rule, Dockerfile): close to an anti-pattern but fine; the rule must stay silent.
NEGATIVE = [
    (
        "GF005",
        "FROM python:3.12-slim\nCOPY requirements.txt .\nRUN pip install --no-cache-dir -r requirements.txt\n"
        "COPY . .\nUSER 1\n",
    ),
    (
        "GF005",
        "FROM python:3.12-slim\nCOPY pyproject.toml ./\nRUN pip install --no-cache-dir -r pyproject.toml\n"
        "COPY . .\nRUN pip install --no-cache-dir --no-deps .\nUSER 1\n",
    ),
    (
        "GF005",
        "FROM node:20-alpine\nCOPY package*.json ./\nRUN npm ci && npm cache clean --force\nCOPY . .\n"
        "RUN npm run build\nUSER node\n",
    ),
    (
        "GF005",
        "FROM golang:1.22 AS b\nCOPY go.mod go.sum ./\nRUN go mod download\nCOPY . .\nRUN go build -o /x .\n"
        "FROM scratch\nUSER 1\n",
    ),
]


@pytest.mark.parametrize(("rule", "text"), NEGATIVE, ids=[f"{r}-{i}" for i, (r, _) in enumerate(NEGATIVE)])
def test_near_miss_is_not_reported(rule: str, text: str) -> None:
    assert rule not in ids(text)
