"""mise and asdf pins (genfile.version_files), as every language's version detection reads them."""

from __future__ import annotations

from pathlib import Path

from genfile.pipeline import detect
from genfile.repo import Repo
from genfile.version_files import pins
from tests.conftest import make_project

GO_MOD = "module example.com/app\n\ngo 1.23\n"


def test_mise_toml_forms_and_the_lock_first(tmp_path: Path) -> None:
    make_project(
        tmp_path,
        {
            "mise.toml": '[tools]\npython = "latest"\nnode = ["22", "20"]\ngo = { version = "1.25.3" }\n',
            "mise.lock": '[[tools.python]]\nversion = "3.14.7"\nbackend = "core:python"\n',
            ".tool-versions": "python 3.11.4\n",
        },
    )
    repo = Repo(tmp_path)
    found = pins(repo, "python")
    assert [v for v, _ in found] == ["3.14.7", "latest", "3.11.4"]
    assert found[0][1].where() == "mise.lock:2" and found[1][1].where() == "mise.toml:2"
    assert pins(repo, "node", "nodejs")[0][0] == "22"
    assert pins(repo, "go")[0][0] == "1.25.3"
    assert pins(repo, "ruby") == []


def test_hostile_pins_are_ignored(tmp_path: Path) -> None:
    make_project(tmp_path, {"mise.toml": '[tools]\npython = "3.12\\nRUN id"\nnode = 22\n'})
    assert pins(Repo(tmp_path), "python") == [] and pins(Repo(tmp_path), "node") == []


def test_python_node_and_go_read_mise(tmp_path: Path) -> None:
    py = make_project(
        tmp_path / "py",
        {
            "pyproject.toml": '[project]\nname = "a"\nrequires-python = ">=3.10"\n',
            "mise.toml": '[tools]\npython = "3.10"\n',
            "main.py": "",
        },
    )
    fact = detect(py).fact("python version")
    assert fact is not None and fact.value == "3.10" and fact.evidence[0].where() == "mise.toml:2"
    node = make_project(
        tmp_path / "node",
        {"package.json": '{"main": "a.js"}', "a.js": "", "mise.toml": '[tools]\nnode = "lts"\n'},
    )
    assert detect(node).fact("node version").evidence[0].file == "mise.toml"  # type: ignore[union-attr]
    go = make_project(
        tmp_path / "go",
        {"go.mod": GO_MOD, "main.go": "package main\nfunc main() {}\n", ".tool-versions": "golang 1.25.3\n"},
    )
    version = detect(go).fact("go version")
    assert (
        version is not None and version.value == "1.25"
    )  # newer than go.mod's minimum, like a toolchain line
