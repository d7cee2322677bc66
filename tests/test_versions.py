"""Python version sources and specifier ranges."""

from __future__ import annotations

import pytest

from genfile.detectors.python import versions
from genfile.evidence import Evidence
from genfile.repo import Repo
from tests.conftest import make_project


@pytest.mark.parametrize(
    ("spec", "expected"),
    [
        (">=3.12", ["3.14", "3.13", "3.12"]),
        (">=3.9,<3.13", ["3.12", "3.11", "3.10", "3.9"]),
        ("^3.11", ["3.14", "3.13", "3.12", "3.11"]),
        ("~=3.11.2", ["3.11"]),
        ("==3.11.*", ["3.11"]),
        (">=3.11.4", ["3.14", "3.13", "3.12", "3.11"]),
        ("~3.10", ["3.10"]),
        ("!=3.13.*,>=3.12", ["3.14", "3.12"]),
        (">=3.8, <4", ["3.14", "3.13", "3.12", "3.11", "3.10", "3.9"]),
        (">=4", []),
    ],
)
def test_allowed_lines(spec: str, expected: list[str]) -> None:
    # Fixed candidates: which lines are supported moves with the calendar (genfile.lifecycles).
    assert versions.allowed(spec, ("3.14", "3.13", "3.12", "3.11", "3.10", "3.9")) == expected


def test_range_prefers_default_line_over_newer() -> None:
    assert versions.pick_from_range(">=3.10") == versions.DEFAULT_PYTHON
    assert versions.pick_from_range("<3.12") == "3.11"


def test_pins_beat_ranges_and_conflicts_are_reported(tmp_path) -> None:
    repo = Repo(make_project(tmp_path, {".python-version": "3.11.9\n", "runtime.txt": "python-3.12.1\n"}))
    fact, warnings = versions.detect(repo, (">=3.12", Evidence("pyproject.toml", 4)), None)
    assert fact.value == "3.11"
    assert fact.evidence[0].where() == ".python-version:1"
    assert any("runtime.txt:1 says Python 3.12" in w for w in warnings)
    assert any("outside requires-python" in w for w in warnings)


@pytest.mark.parametrize(
    ("files", "version", "where"),
    [
        ({".tool-versions": "nodejs 20.1.0\npython 3.12.3\n"}, "3.12", ".tool-versions:2"),
        ({"runtime.txt": "python-3.11.6"}, "3.11", "runtime.txt:1"),
        ({"Pipfile": '[requires]\npython_version = "3.12"\n'}, "3.12", "Pipfile:2"),
        ({}, versions.DEFAULT_PYTHON, "default"),
    ],
)
def test_each_source(tmp_path, files, version, where) -> None:
    repo = Repo(make_project(tmp_path, files))
    pipfile = repo.toml("Pipfile") if "Pipfile" in files else None
    fact, _ = versions.detect(repo, None, pipfile)
    assert (fact.value, fact.evidence[0].where()) == (version, where)


def test_requires_python_range_is_evidence(tmp_path) -> None:
    fact, _ = versions.detect(Repo(tmp_path), (">=3.9,<3.12", Evidence("pyproject.toml", 5)), None)
    assert fact.value == "3.11"
    assert fact.evidence[0].where() == "pyproject.toml:5"
