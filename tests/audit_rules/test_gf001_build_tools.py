"""GF001, build tools left in the final image: the anti-pattern yields its finding at its line, and
the near miss that is fine yields nothing (precision matters as much as recall)."""

from __future__ import annotations

import pytest

from tests.audit_rules.support import found, ids

# (rule, line, Dockerfile): the anti-pattern and where the finding must point.
POSITIVE = [
    ("GF001", 1, 'FROM node:20\nWORKDIR /app\nCOPY . .\nUSER node\nCMD ["node", "x.js"]\n'),
    ("GF001", 1, 'FROM golang:1.22-alpine\nCOPY . .\nRUN go build -o /x .\nUSER 1\nCMD ["/x"]\n'),
    (
        "GF001",
        3,
        "FROM python:3.12-slim AS b\nFROM python:3.12-slim\n"
        "RUN apt-get update && apt-get install -y --no-install-recommends build-essential libpq-dev "
        "&& rm -rf /var/lib/apt/lists/*\nUSER 1\n",
    ),
    (
        "GF001",
        4,
        "FROM node:20-alpine\nCOPY package.json ./\nRUN npm ci && npm cache clean --force\n"
        "RUN npm run build\n"
        'USER node\nCMD ["node", "dist/x.js"]\n',
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
        "GF001",
        "FROM golang:1.22 AS b\nRUN go build -o /x .\nFROM gcr.io/distroless/static-debian12:nonroot\n"
        "COPY --from=b /x /x\n",
    ),
    (
        "GF001",
        "FROM python:3.12-alpine\nRUN apk add --no-cache --virtual .build-deps gcc musl-dev "
        "&& pip install --no-cache-dir x && apk del .build-deps\nUSER 1\n",
    ),
    ("GF001", "FROM python:3.12-slim AS b\nRUN apt-get install -y gcc\nFROM python:3.12-slim\nUSER 1\n"),
]


@pytest.mark.parametrize(("rule", "text"), NEGATIVE, ids=[f"{r}-{i}" for i, (r, _) in enumerate(NEGATIVE)])
def test_near_miss_is_not_reported(rule: str, text: str) -> None:
    assert rule not in ids(text)
