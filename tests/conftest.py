"""Shared helpers: sample projects, a tiny project builder, and the CLI runner."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from genfile.cli import main

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = ROOT / "sample_projects"
PYTHON_SAMPLES = sorted(p.name for p in SAMPLES.glob("python-*") if p.is_dir())


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
