"""The pieces under the audit rules, each on its own: the Dockerfile parser, .dockerignore
matching, the shell reader that finds the commands in a RUN, and image references."""

from __future__ import annotations

import pytest

from genfile.audit.ignore import IgnoreFile
from genfile.audit.images import ImageRef
from genfile.audit.parse import parse
from genfile.audit.shell import build_packages, invocations, simple_commands
from genfile.errors import ManifestError


@pytest.mark.parametrize(
    ("text", "line", "problem"),
    [
        ("FROM python:3.12-slim\nRUN echo\nENV ONLY_KEY\n", 3, "ENV must have two arguments"),
        ("FROM alpine:3.20\n\nRUN <<EOF\necho never closed\n", 3, "unterminated heredoc"),
        ("FROM alpine:3.20\nCOPPY . .\n", 2, "unknown instruction COPPY"),
        ("RUN echo\nFROM alpine:3.20\n", 1, "RUN before the first FROM"),
        ("# only a comment\n", None, "file with no instructions"),
    ],
)
def test_parse_errors_name_the_line(text: str, line: int | None, problem: str) -> None:
    with pytest.raises(ManifestError) as error:
        parse(text)
    message = error.value.message
    assert problem in message
    assert message.startswith(f"Dockerfile:{line}:" if line else "Dockerfile: ")


def test_parse_builds_stages_and_substitutes_global_args() -> None:
    parsed = parse(
        "ARG PY=3.12\nFROM python:${PY}-slim AS base\nFROM base AS app\nUSER 1\nFROM alpine:3.20\n"
    )
    assert [s.image for s in parsed.stages] == ["python:3.12-slim", "base", "alpine:3.20"]
    assert parsed.stages[1].parent == 0 and parsed.stages[2].parent is None
    assert [s.index for s in parsed.chain(parsed.stages[1])] == [0, 1]


@pytest.mark.parametrize(
    ("patterns", "path", "excluded"),
    [
        ("node_modules", "node_modules/a/index.js", True),
        ("node_modules/", "node_modules/a/index.js", True),
        ("/node_modules", "node_modules/a/index.js", True),
        ("node_modules", "web/node_modules/a.js", False),
        ("**/node_modules", "web/app/node_modules/a.js", True),
        ("*.md\n!README.md", "README.md", False),
        ("*.md\n!README.md", "docs.md", True),
        ("docs/*.md", "docs/a/b.md", False),
        (".env*", ".env.production", True),
        (".env", ".env.production", False),
        ("**", "anything/at/all", True),
        ("**\n!src", "src/app.py", False),
        ("# .git\n", ".git/HEAD", False),
        ("[a-c].txt", "b.txt", True),
    ],
)
def test_dockerignore_matches_like_buildkit(patterns: str, path: str, excluded: bool) -> None:
    assert IgnoreFile.parse(patterns).excludes(path) is excluded


def test_shell_reader_splits_commands_and_recognises_tools() -> None:
    script = (
        "apt-get update && apt-get install -y --no-install-recommends gcc=12.2 libpq-dev \\\n"
        " && pip --python /v/bin/python install -r r.txt > /dev/null"
    )
    assert [c[0] for c in simple_commands(script)] == ["apt-get", "apt-get", "pip"]
    calls = invocations(script)
    assert [(i.tool, i.sub) for i in calls] == [
        ("apt-get", "update"),
        ("apt-get", "install"),
        ("pip", "install"),
    ]
    assert build_packages(calls[1]) == ["gcc", "libpq-dev"]
    assert [
        (i.tool, i.sub) for i in invocations("CGO_ENABLED=0 go build . ; sudo -E apk add --virtual .b make")
    ] == [
        ("go", "build"),
        ("apk", "add"),
    ]


@pytest.mark.parametrize(
    ("reference", "official", "tag", "full"),
    [
        ("python:3.11", "python", "3.11", True),
        ("python:3.11-slim-bookworm", "python", "3.11-slim-bookworm", False),
        ("docker.io/library/node:22", "node", "22", True),
        ("node:22-alpine", "node", "22-alpine", False),
        ("public.ecr.aws/docker/library/python:3.12", "python", "3.12", True),
        ("ghcr.io/acme/python:3.12", None, "3.12", False),
        ("localhost:5000/python", None, None, False),
        ("gcr.io/distroless/static-debian12:nonroot", None, "nonroot", False),
    ],
)
def test_image_references(reference: str, official: str | None, tag: str | None, full: bool) -> None:
    ref = ImageRef.parse(reference)
    assert (ref.official, ref.tag, ref.full()) == (official, tag, full)
