"""Hostile answers to ``genfile new``.

A value the user gives (``--set``, the target folder's name) is literal text: it is checked
before anything is rendered and never rendered as a template, and the template's own Jinja
runs in a sandbox.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from genfile import cli


@pytest.fixture(autouse=True)
def hermetic(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """An empty working folder and a cookiecutter configuration of our own."""
    work = tmp_path / "work"
    work.mkdir()
    config = tmp_path / "cookiecutterrc"
    config.write_text(
        f"cookiecutters_dir: {tmp_path / 'cc'}\nreplay_dir: {tmp_path / 'replay'}\ndefault_context: {{}}\n"
    )
    monkeypatch.setenv("COOKIECUTTER_CONFIG", str(config))
    monkeypatch.chdir(work)
    return work


def new(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = cli.main(["new", *args])
    out, err = capsys.readouterr()
    return code, out, err


def make_template(root: Path, files: dict[str, str], variables: dict[str, object]) -> Path:
    root.mkdir(parents=True)
    (root / "cookiecutter.json").write_text(json.dumps(variables))
    for rel, text in files.items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text)
    return root


MODULE_VARIABLES = {
    "project_name": "Local Thing",
    "project_slug": "{{ cookiecutter.project_name|slugify }}",
    "module": "app",
}
MODULE_FILES = {
    "{{cookiecutter.project_slug}}/README.md": (
        "# {{ cookiecutter.project_name }}\n\nslug {{ cookiecutter.project_slug }}\n"
        "module {{ cookiecutter.module }}\n"
    ),
    "{{cookiecutter.project_slug}}/{{cookiecutter.module}}/value.txt": "{{ cookiecutter.module }}",
    "{{cookiecutter.project_slug}}/{{cookiecutter.module}}/__init__.py": "",
}


def module_template(root: Path, **extra_files: str) -> Path:
    """A local template with a variable (``module``) in a folder name."""
    return make_template(root, {**MODULE_FILES, **extra_files}, MODULE_VARIABLES)


def one_line(err: str) -> str:
    lines = err.strip().splitlines()
    assert len(lines) == 1, err
    assert lines[0].startswith("genfile: error: "), err
    return lines[0]


# --- 1. a user's value is literal text, never a template ----------------------------------


def test_a_jinja_payload_in_set_runs_nothing_and_is_kept_as_text(
    capsys: pytest.CaptureFixture[str], hermetic: Path, tmp_path: Path
) -> None:
    marker = tmp_path / "PWNED"
    payload = f"{{{{ cycler.__init__.__globals__.os.popen('touch {marker}').read() }}}}"
    code, _, err = new(
        capsys, "python-flask", "svc", "--no-input", "--no-container", "--set", f"description={payload}"
    )
    assert not marker.exists(), "a --set value was run as a template"
    assert code == 0, err
    readme = (hermetic / "svc" / "README.md").read_text()
    assert f"\n{payload}.\n" in readme


@pytest.mark.parametrize(
    "description",
    ["{{ 7*7 }}", "uses {{ and }} braces", "{% if x %}", "{# a note #}", "{% raw %}x{% endraw %}", "{{"],
)
def test_set_values_keep_their_braces(
    capsys: pytest.CaptureFixture[str], hermetic: Path, description: str
) -> None:
    code, _, err = new(capsys, "python-fastapi", "svc", "--no-input", "--set", f"description={description}")
    assert code == 0, err
    project = hermetic / "svc"
    assert f"\n{description}.\n" in (project / "README.md").read_text()
    assert f'description = "{description}"' in (project / "pyproject.toml").read_text()


def test_the_target_folder_name_is_literal(capsys: pytest.CaptureFixture[str], hermetic: Path) -> None:
    code, _, err = new(capsys, "python-flask", "{{ 7*7 }}x", "--no-input", "--no-container")
    assert code == 0, err
    project = hermetic / "{{ 7*7 }}x"
    assert (project / "README.md").read_text().startswith("# {{ 7*7 }}x\n")
    assert sorted(p.name for p in hermetic.iterdir()) == ["{{ 7*7 }}x"]


@pytest.mark.parametrize("key", ["module"])
def test_a_literal_value_in_a_folder_name(
    capsys: pytest.CaptureFixture[str], hermetic: Path, tmp_path: Path, key: str
) -> None:
    """The value names the folder as given, and is not rendered a second time on the way
    (cookiecutter rendered the project folder's own path again for each sub-folder)."""
    template = module_template(tmp_path / "tpl")
    code, _, err = new(
        capsys, str(template), "svc", "--no-input", "--no-container", "--set", f"{key}={{{{ 7*7 }}}}"
    )
    assert code == 0, err
    project = hermetic / "svc"
    module = "{{ 7*7 }}" if key == "module" else "app"
    assert (project / module / "value.txt").read_text() == module
    assert f"{key.replace('project_', '')} {{{{ 7*7 }}}}\n" in (project / "README.md").read_text()
    assert not (project / "49").exists()


def test_a_templates_own_jinja_runs_in_a_sandbox(
    capsys: pytest.CaptureFixture[str], hermetic: Path, tmp_path: Path
) -> None:
    marker = tmp_path / "PWNED"
    variables = {
        **MODULE_VARIABLES,
        "module": f"{{{{ cycler.__init__.__globals__.os.popen('touch {marker}').read() }}}}app",
    }
    template = make_template(tmp_path / "tpl", MODULE_FILES, variables)
    code, _, err = new(capsys, str(template), "svc", "--no-input", "--no-container")
    assert not marker.exists(), "the template's Jinja reached os.popen"
    assert code == 2 and "unsafe" in one_line(err), err
    assert list(hermetic.iterdir()) == []
