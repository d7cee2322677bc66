"""Helpers shared by the audit tests: the command line built the way genfile's CLI will build
it (argparse subparsers + ``genfile.audit.register``), and a copy of a fixture project."""

from __future__ import annotations

import argparse
import shutil
import sys
from pathlib import Path

import pytest

from genfile.audit import register
from genfile.errors import GenfileError

CASES = Path(__file__).resolve().parent
ARTICLE = CASES / "article-before"


def parser() -> argparse.ArgumentParser:
    root = argparse.ArgumentParser(prog="genfile")
    register(root.add_subparsers(dest="command"))
    return root


def run_audit(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    """Run ``genfile audit ARGS`` in-process like genfile.cli.main: (exit code, stdout, stderr)."""
    try:
        namespace = parser().parse_args(["audit", *args])
        code = int(namespace.handler(namespace))
    except GenfileError as exc:
        print(f"genfile: error: {exc.line()}", file=sys.stderr)
        code = exc.exit_code
    except SystemExit as exc:  # --help, argparse errors
        code = int(exc.code or 0)
    out, err = capsys.readouterr()
    return code, out, err


def copy_case(tmp_path: Path, name: str = "article-before") -> Path:
    target = tmp_path / name
    shutil.copytree(CASES / name, target)
    return target
