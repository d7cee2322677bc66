"""GF010, a secret passed with ENV or ARG: the anti-pattern yields its finding at its line, and the
near miss that is fine yields nothing (precision matters as much as recall). The secret's value is
never printed."""

from __future__ import annotations

import pytest

from genfile.audit import audit_text
from tests.audit_rules.support import GOOD_IGNORE, found, ids

# (rule, line, Dockerfile): the anti-pattern and where the finding must point.
POSITIVE = [
    ("GF010", 1, 'ARG NPM_TOKEN\nFROM node:20-alpine\nUSER node\nCMD ["node", "x"]\n'),
    ("GF010", 2, 'FROM alpine:3.20\nENV AWS_SECRET_ACCESS_KEY=abc\nUSER 1\nCMD ["x"]\n'),
    ("GF010", 2, 'FROM alpine:3.20\nENV DB_PASSWORD hunter2\nUSER 1\nCMD ["x"]\n'),
    (
        "GF010",
        2,
        'FROM alpine:3.20\nARG GITHUB=ghp_abcdefghijklmnopqrstuvwxyz0123456789\nUSER 1\nCMD ["x"]\n',
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
        "GF010",
        "FROM alpine:3.20\nENV PUBLIC_KEY=abc DB_PASSWORD_FILE=/run/secrets/db MONKEY=1 KEYBOARD=us\n"
        "USER 1\n",
    ),
    (
        "GF010",
        "FROM alpine:3.20\nARG TARGETARCH\n"
        "ENV PIP_ROOT_USER_ACTION=ignore COREPACK_ENABLE_DOWNLOAD_PROMPT=0\nUSER 1\n",
    ),
]


@pytest.mark.parametrize(("rule", "text"), NEGATIVE, ids=[f"{r}-{i}" for i, (r, _) in enumerate(NEGATIVE)])
def test_near_miss_is_not_reported(rule: str, text: str) -> None:
    assert rule not in ids(text)


def test_secret_values_are_never_printed() -> None:
    text = "FROM alpine:3.20\nENV API_TOKEN=s3cr3t-value\nUSER 1\n"
    report = audit_text(text, dockerignore=GOOD_IGNORE)
    finding = next(f for f in report.findings if f.rule.id == "GF010")
    assert "s3cr3t" not in finding.message + finding.fix_text
