"""A pnpm, Yarn or Bun lockfile out of step with package.json: the differing entries are named,
and the install is one that resolves them instead of a frozen install that stops; the
manager's version comes from packageManager or engines.pnpm / engines.yarn."""

from __future__ import annotations

import json

import pytest

from genfile.pipeline import detect, plan_stack
from tests.conftest import make_project

PNPM_LOCK = """lockfileVersion: '9.0'

importers:

  .:
    dependencies:
      ms:
        specifier: ^2.1.2
        version: 2.1.3

packages:

  ms@2.1.3:
    resolution: {integrity: sha512-x}
"""
PNPM5_LOCK = "lockfileVersion: 5.4\n\nspecifiers:\n  ms: ^2.1.3\n\ndependencies:\n  ms: 2.1.3\n"
YARN1_LOCK = '# yarn lockfile v1\n\n\nms@^2.1.3:\n  version "2.1.3"\n'
BERRY_LOCK = (
    '__metadata:\n  version: 8\n  cacheKey: 10c0\n\n"ms@npm:^2.1.3":\n  version: 2.1.3\n'
    '  resolution: "ms@npm:2.1.3"\n\n"x@workspace:.":\n  version: 0.0.0-use.local\n'
)
BUN_LOCK = '{\n  "lockfileVersion": 1,\n  "workspaces": {\n    "": {\n      "name": "x",\n      "dependencies": {\n        "ms": "^2.1.3",\n      },\n    },\n  },\n}\n'


def _manifest(deps: dict[str, str], **extra: object) -> str:
    return json.dumps({"name": "x", "scripts": {"start": "node s.js"}, "dependencies": deps, **extra})


def _plan(tmp_path, lockfile: str, text: str, deps: dict[str, str], **extra: object):
    files = {"package.json": _manifest(deps, **extra), lockfile: text, "s.js": "require('ms')\n"}
    detection = detect(make_project(tmp_path, files))
    return detection, plan_stack(detection)


CASES = [
    # lockfile, text, extra package.json fields, in-step install, out-of-step install
    ("pnpm-lock.yaml", PNPM_LOCK, {}, "--frozen-lockfile", "pnpm install --no-frozen-lockfile --prod"),
    ("pnpm-lock.yaml", PNPM5_LOCK, {}, "--frozen-lockfile", "pnpm install --no-frozen-lockfile --prod"),
    ("yarn.lock", YARN1_LOCK, {}, "--frozen-lockfile", "yarn install --non-interactive --production"),
    ("yarn.lock", BERRY_LOCK, {"packageManager": "yarn@4.9.1"}, "", "yarn install --no-immutable"),
    (
        "bun.lock",
        BUN_LOCK,
        {},
        "--frozen-lockfile",
        "bun install --lockfile-only && bun install --production",
    ),
]


@pytest.mark.parametrize(("lockfile", "text", "extra", "frozen", "resolving"), CASES)
def test_a_lockfile_in_step_installs_frozen(tmp_path, lockfile, text, extra, frozen, resolving) -> None:
    spec = "^2.1.2" if text is PNPM_LOCK else "^2.1.3"
    detection, plan = _plan(tmp_path, lockfile, text, {"ms": spec}, **extra)
    assert not [w for w in detection.warnings if "out of step" in w]
    assert resolving not in plan.details.install_all + plan.details.install_prod
    assert frozen in plan.details.install_all or (frozen == "" and "--immutable" in plan.details.install_all)


@pytest.mark.parametrize(("lockfile", "text", "extra", "frozen", "resolving"), CASES)
def test_a_lockfile_out_of_step_names_the_entries_and_resolves(
    tmp_path, lockfile, text, extra, frozen, resolving
) -> None:
    detection, plan = _plan(tmp_path, lockfile, text, {"ms": "^2.1.3", "left-pad": "1.3.0"}, **extra)
    warning = next(w for w in detection.warnings if "out of step" in w)
    assert f"{lockfile} is out of step with package.json" in warning
    assert "left-pad 1.3.0 not in the lockfile" in warning
    if text is PNPM_LOCK:
        assert "ms ^2.1.3 locked as ^2.1.2" in warning
    installs = plan.details.install_all + " | " + plan.details.install_prod
    assert resolving in installs
    assert "--frozen-lockfile" not in installs and "--immutable " not in installs + " "


def test_engines_yarn_names_yarn_and_a_yarn_1_range_is_classic(tmp_path) -> None:
    detection, plan = _plan(tmp_path, "yarn.lock", YARN1_LOCK, {"ms": "^2.1.3"}, engines={"yarn": "^1.22.0"})
    assert plan.package_manager == "yarn (classic)"
    assert "yarn install --frozen-lockfile --non-interactive --production" in plan.details.install_prod


def test_engines_yarn_without_a_lockfile_installs_with_yarn(tmp_path) -> None:
    files = {"package.json": _manifest({"ms": "^2.1.3"}, engines={"yarn": "4.x"}), "s.js": ""}
    plan = plan_stack(detect(make_project(tmp_path, files)))
    assert plan.package_manager == "yarn (berry)"
    assert "corepack install -g yarn@4" in " ".join(" ".join(s.commands) for s in plan.details.setup)


def test_engines_pnpm_picks_the_pnpm_line(tmp_path) -> None:
    files = {"package.json": _manifest({"ms": "^2.1.3"}, engines={"pnpm": ">=10.5"}), "s.js": ""}
    plan = plan_stack(detect(make_project(tmp_path, files)))
    assert plan.package_manager == "pnpm"
    assert "pnpm@10" in " ".join(" ".join(s.commands) for s in plan.details.setup)


def test_a_berry_file_dependency_keyed_with_its_locator_is_in_step(tmp_path) -> None:
    lock = BERRY_LOCK + '\n"lib@file:../lib::locator=x%40workspace%3A.":\n  version: 1.0.0\n'
    detection, plan = _plan(
        tmp_path, "yarn.lock", lock, {"ms": "^2.1.3", "lib": "file:../lib"}, packageManager="yarn@4.9.1"
    )
    assert not [w for w in detection.warnings if "out of step" in w]
    assert "--immutable" in plan.details.install_all
