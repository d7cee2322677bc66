"""Shared helpers: sample projects, a tiny project builder, and the CLI runner."""

from __future__ import annotations

import os
import shutil
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

from genfile.cli import main
from genfile.pipeline import detect, fitting_stacks

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib

# Tests never ask a package index (genfile's --offline): the Python version choice is tested
# against recorded index answers (tests/fixtures/python/), and one test, which unsets this,
# against the real index.
os.environ["GENFILE_OFFLINE"] = "1"

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = ROOT / "sample_projects"
ALL_SAMPLES = sorted(p.name for p in SAMPLES.iterdir() if p.is_dir()) if SAMPLES.is_dir() else []
PYTHON_SAMPLES = [s for s in ALL_SAMPLES if s.startswith("python-")]
CHECKS = Path(__file__).parent / "checks"


@dataclass(frozen=True)
class SampleCheck:
    """How the engine tests check a sample's running image (``tests/checks/<sample>.toml``).

    Defaults: GET /health answers 200 with "ok" in the body; only the recommended stack is
    built. ``engine_stacks`` adds stacks to build; ``dependency_step`` is false for projects
    with nothing to install (a stdlib-only Go module).
    """

    path: str = "/health"
    expect: str = "ok"
    engine_stacks: tuple[str, ...] = ()
    dependency_step: bool = True


def sample_check(sample: str) -> SampleCheck:
    file = CHECKS / f"{sample}.toml"
    if not file.is_file():
        return SampleCheck()
    data = tomllib.loads(file.read_text(encoding="utf-8"))
    data["engine_stacks"] = tuple(data.get("engine_stacks", ()))
    return SampleCheck(**data)


def sample_stacks() -> list[tuple[str, str]]:
    """(sample, stack) for every stack that can run each sample (of its ecosystem's)."""
    cases = []
    for sample in ALL_SAMPLES:
        cases += [(sample, stack.name) for stack in fitting_stacks(detect(SAMPLES / sample))]
    return cases


def engine_cases() -> list[tuple[str, str]]:
    """(sample, stack) pairs the engine tests build: the recommended stack, plus extras."""
    cases = []
    for sample in ALL_SAMPLES:
        cases.append((sample, detect(SAMPLES / sample).stack))
        cases += [(sample, stack) for stack in sample_check(sample).engine_stacks]
    return cases


def make_project(root: Path, files: dict[str, str | bytes]) -> Path:
    """Write ``files`` (relative path → content) under ``root`` and return it."""
    for rel, content in files.items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(content, encoding="utf-8")
    return root


@pytest.fixture
def sample_copy(tmp_path: Path):
    """Copy a sample project into a temporary folder (tests never write into the repo)."""

    def copy(name: str) -> Path:
        target = tmp_path / name
        shutil.copytree(SAMPLES / name, target)
        return target

    return copy


@pytest.fixture
def run_cli(capsys: pytest.CaptureFixture[str]):
    """Run ``genfile`` in-process; returns (exit code, stdout, stderr)."""

    def run(*args: str) -> tuple[int, str, str]:
        try:
            code = main(list(args))
        except SystemExit as exc:  # argparse --help / --version
            code = int(exc.code or 0)
        out, err = capsys.readouterr()
        return code, out, err

    return run
