"""GF014, npm (or yarn/pnpm) as the container's process: the anti-pattern yields its finding at its
line, and the near miss that is fine yields nothing (precision matters as much as recall). The fix
runs the package.json script directly."""

from __future__ import annotations

import pytest

from genfile.audit import audit_text
from tests.audit_rules.support import GOOD_IGNORE, found, ids
from tests.conftest import make_project

# (rule, line, Dockerfile): the anti-pattern and where the finding must point.
POSITIVE = [
    ("GF014", 3, 'FROM node:20-alpine\nUSER node\nCMD ["npm", "start"]\n'),
    ("GF014", 3, 'FROM node:20-alpine\nUSER node\nCMD ["yarn", "run", "serve"]\n'),
    (
        "GF014",
        4,
        'FROM node:20-alpine\nUSER node\nENTRYPOINT ["docker-entrypoint.sh"]\nCMD ["pnpm", "start"]\n',
    ),
]


@pytest.mark.parametrize(
    ("rule", "line", "text"), POSITIVE, ids=[f"{r}-{i}" for i, (r, _, _) in enumerate(POSITIVE)]
)
def test_anti_pattern_is_found_at_its_line(rule: str, line: int, text: str) -> None:
    assert (rule, line) in found(text)


# (rule, Dockerfile): close to an anti-pattern but fine; the rule must stay silent.
NEGATIVE = [
    ("GF014", 'FROM node:20-alpine\nUSER node\nCMD ["node", "server.js"]\n'),
    ("GF014", 'FROM node:20-alpine\nRUN npm run build\nUSER node\nCMD ["node", "dist/main.js"]\n'),
]


@pytest.mark.parametrize(("rule", "text"), NEGATIVE, ids=[f"{r}-{i}" for i, (r, _) in enumerate(NEGATIVE)])
def test_near_miss_is_not_reported(rule: str, text: str) -> None:
    assert rule not in ids(text)


def test_npm_start_fix_runs_the_script_directly(tmp_path) -> None:
    make_project(tmp_path, {"package.json": '{"name": "x", "scripts": {"start": "node src/server.js"}}'})
    text = 'FROM node:22-alpine\nUSER node\nCMD ["npm", "start"]\n'
    finding = next(
        f
        for f in audit_text(text, dockerignore=GOOD_IGNORE, project=tmp_path).findings
        if f.rule.id == "GF014"
    )
    assert 'CMD ["node", "src/server.js"]' in finding.fix_text
