"""A workspace app is installed and copied with only the members it needs (npm, pnpm): the
others stay out of the build context, so an edit in one app rebuilds no layer of another's
image. Yarn and Bun install every member (their frozen installs refuse a lockfile with
members left out), and say so."""

from __future__ import annotations

import json

import pytest

from genfile.pipeline import detect, plan_stack
from genfile.render import render
from tests.conftest import SAMPLES, make_project


def pkg(**fields: object) -> str:
    return json.dumps({"version": "1.0.0", **fields}, indent=2)


def _files(lockfile: str, lock_text: str) -> dict[str, str]:
    return {
        "package.json": pkg(name="root", private=True, workspaces=["apps/*", "packages/*"]),
        lockfile: lock_text,
        "packages/lib/package.json": pkg(name="@a/lib", dependencies={"@a/util": "*"}),
        "packages/util/package.json": pkg(name="@a/util"),
        "packages/ui/package.json": pkg(name="@a/ui", dependencies={"ms": "^2"}),
        "apps/api/package.json": pkg(
            name="@a/api", scripts={"start": "node server.js"}, dependencies={"@a/lib": "*", "ms": "^2"}
        ),
        "apps/api/server.js": "require('http').createServer().listen(process.env.PORT || 3000);\n",
        "apps/web/package.json": pkg(
            name="@a/web", scripts={"start": "node web.js"}, dependencies={"@a/ui": "*", "express": "^5"}
        ),
        "apps/web/web.js": "require('express')().listen(process.env.PORT || 3000);\n",
    }


NPM_LOCK = json.dumps({"lockfileVersion": 3, "packages": {"": {}}})


@pytest.mark.parametrize(
    ("lockfile", "text"), [("package-lock.json", NPM_LOCK), ("pnpm-lock.yaml", "lockfileVersion: '9.0'\n")]
)
def test_the_app_takes_only_the_members_it_needs(tmp_path, lockfile, text) -> None:
    files = _files(lockfile, text)
    if lockfile == "pnpm-lock.yaml":
        files["pnpm-workspace.yaml"] = "packages:\n  - apps/*\n  - packages/*\n"
    detection = detect(make_project(tmp_path, files), main="apps/api")
    out = render(plan_stack(detection))
    dockerfile, ignore = out["Dockerfile"], out[".dockerignore"].splitlines()
    # The app and the packages it depends on, transitively.
    for needed in ("apps/api", "packages/lib", "packages/util"):
        assert f"COPY {needed}/package.json {needed}/" in dockerfile
        assert f"!{needed}/package.json" in ignore and needed not in ignore
    # Another app and a package only it uses: out of the context, the install and the image.
    for other in ("apps/web", "packages/ui"):
        assert other in ignore and f"COPY {other}" not in dockerfile
    note = next(w for w in detection.warnings if "does not depend on" in w)
    assert "apps/web, packages/ui" in note and "rebuilds nothing" in note


def test_the_sample_leaves_the_worker_out() -> None:
    out = render(plan_stack(detect(SAMPLES / "node-pnpm-workspace")))
    assert "apps/worker" in out[".dockerignore"].splitlines()
    assert (
        "COPY apps/worker" not in out["Dockerfile"]
        and "COPY packages/shared/package.json" in out["Dockerfile"]
    )


def test_yarn_installs_every_member_and_says_so(tmp_path) -> None:
    files = _files("yarn.lock", '# yarn lockfile v1\n\n\nms@^2:\n  version "2.1.3"\n')
    detection = detect(make_project(tmp_path, files), main="apps/api")
    out = render(plan_stack(detection))
    assert "COPY apps/web/package.json apps/web/" in out["Dockerfile"]
    assert "apps/web" not in out[".dockerignore"].splitlines()
    assert any("installs every workspace member" in w for w in detection.warnings)
