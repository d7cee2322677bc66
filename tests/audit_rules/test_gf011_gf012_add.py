"""GF011 and GF012, ADD of a URL without a checksum and ADD where COPY fits: the anti-pattern yields
its finding at its line, and the near miss that is fine yields nothing (precision matters as much as
recall)."""

from __future__ import annotations

import pytest

from tests.audit_rules.support import found, ids

# (rule, line, Dockerfile): the anti-pattern and where the finding must point.
POSITIVE = [
    ("GF011", 2, 'FROM alpine:3.20\nADD https://example.com/tool.tar.gz /opt/\nUSER 1\nCMD ["x"]\n'),
    ("GF012", 2, 'FROM alpine:3.20\nADD config.yml /etc/app/\nUSER 1\nCMD ["x"]\n'),
    ("GF012", 2, 'FROM alpine:3.20\nADD vendor.tar.gz /opt/\nUSER 1\nCMD ["x"]\n'),
]


@pytest.mark.parametrize(
    ("rule", "line", "text"), POSITIVE, ids=[f"{r}-{i}" for i, (r, _, _) in enumerate(POSITIVE)]
)
def test_anti_pattern_is_found_at_its_line(rule: str, line: int, text: str) -> None:
    assert (rule, line) in found(text)


# (rule, Dockerfile): close to an anti-pattern but fine; the rule must stay silent.
NEGATIVE = [
    ("GF011", "FROM alpine:3.20\nADD --checksum=sha256:abc https://example.com/x /x\nUSER 1\n"),
    ("GF012", "FROM alpine:3.20\nADD https://example.com/x /x\nCOPY a.tar.gz /opt/\nUSER 1\n"),
]


@pytest.mark.parametrize(("rule", "text"), NEGATIVE, ids=[f"{r}-{i}" for i, (r, _) in enumerate(NEGATIVE)])
def test_near_miss_is_not_reported(rule: str, text: str) -> None:
    assert rule not in ids(text)
