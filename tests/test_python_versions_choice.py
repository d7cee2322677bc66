"""The Python line a project's pinned dependencies run on, decided from recorded index answers
(tests/fixtures/python/simple/: trimmed PEP 691 answers of pypi.org) and from lockfiles; one
test asks the real index and skips only when none is reachable."""

from __future__ import annotations

import json
import urllib.request
from pathlib import Path

import pytest

from genfile.detectors.python import index, pythons, wheels
from genfile.detectors.python.locks import Release
from genfile.evidence import Evidence
from genfile.pipeline import detect, plan_stack
from tests.conftest import make_project

FIXTURES = Path(__file__).parent / "fixtures" / "python" / "simple"
LINES = ("3.15", "3.14", "3.13", "3.12", "3.11")


def recorded(url: str) -> tuple[int, str, bytes]:
    """The index as recorded: one JSON file per project, 404 for the others."""
    name = url.rstrip("/").rsplit("/", 1)[-1]
    path = FIXTURES / f"{name}.json"
    if not path.is_file():
        return 404, "", b""
    return 200, "application/vnd.pypi.simple.v1+json", path.read_bytes()


@pytest.fixture
def fake_index(monkeypatch, tmp_path):
    """Detection asks the recorded index (and caches in a temporary folder)."""
    monkeypatch.delenv("GENFILE_OFFLINE", raising=False)
    monkeypatch.setenv("GENFILE_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.setattr(index, "http_fetch", recorded)


def test_wheel_tags_give_the_lines_a_release_installs_on() -> None:
    cov = wheels.coverage(
        [
            "psycopg2_binary-2.9.9-cp312-cp312-manylinux_2_17_x86_64.manylinux2014_x86_64.whl",
            "psycopg2_binary-2.9.9-cp311-cp311-manylinux_2_17_x86_64.manylinux2014_x86_64.whl",
            "psycopg2_binary-2.9.9-cp313-cp313-win_amd64.whl",
            "psycopg2-binary-2.9.9.tar.gz",
        ],
        LINES,
    )
    assert cov.binary and cov.linux == {"3.11", "3.12"}
    assert wheels.coverage(["x-1-cp39-abi3-manylinux_2_28_x86_64.whl"], LINES).linux == set(LINES)  # abi3
    assert wheels.coverage(["x-1-py3-none-any.whl", "x-1.tar.gz"], LINES).linux is None  # pure
    only_windows = wheels.coverage(
        ["pycairo-1.27.0-cp313-cp313-win_amd64.whl", "pycairo-1.27.0.tar.gz"], LINES
    )
    assert only_windows.compiles_everywhere and only_windows.linux is None  # decides nothing
    musl = wheels.coverage(["x-1-cp313-cp313-manylinux_2_17_x86_64.whl"], ("3.13",), "musl")
    assert musl.compiles_everywhere  # glibc wheels only: compiles on Alpine


def test_requirements_pins_choose_the_line_their_wheels_cover(tmp_path, fake_index) -> None:
    project = make_project(
        tmp_path, {"requirements.txt": "psycopg2-binary==2.9.9\nflask==3.0.3\n", "app.py": "print(1)\n"}
    )
    detection = detect(project)
    fact = detection.fact("python version")
    assert fact is not None and fact.value == "3.12"
    # The evidence names the package, its wheels and the line.
    assert fact.evidence[0].where() == "requirements.txt:1"
    assert fact.evidence[0].note == "psycopg2-binary 2.9.9: wheels for cp39–cp312 → 3.12"
    assert detection.fact("package index").value == "2 of 2 pinned releases described"


def test_upload_dates_keep_a_lock_off_pythons_released_after_it(tmp_path, fake_index) -> None:
    # flask 3.0.3 is pure Python: only its date (2024-04) says the pins predate 3.13.
    project = make_project(tmp_path, {"requirements.txt": "flask==3.0.3\n", "app.py": "print(1)\n"})
    fact = detect(project).fact("python version")
    assert fact.value == "3.12" and "uploaded 2024-04-07" in fact.evidence[0].note


def test_unpinned_requirements_are_not_dated(tmp_path, fake_index) -> None:
    project = make_project(tmp_path, {"requirements.txt": "flask==3.0.3\nrequests\n", "app.py": "print(1)\n"})
    assert detect(project).fact("python version").value == "3.14"


def test_a_stated_version_wins_and_a_missing_wheel_is_reported(tmp_path, fake_index) -> None:
    project = make_project(
        tmp_path,
        {".python-version": "3.14\n", "requirements.txt": "psycopg2-binary==2.9.9\n", "app.py": "print(1)\n"},
    )
    detection = detect(project)
    assert detection.fact("python version").value == "3.14"
    assert any(
        "psycopg2-binary 2.9.9 (requirements.txt:1) has wheels for cp39–cp312 but not for Python 3.14" in w
        for w in detection.warnings
    )


def test_latest_in_mise_toml_is_the_newest_line_the_pins_install_on(tmp_path, fake_index) -> None:
    # "latest" asks for the newest Python, not for one psycopg2-binary 2.9.9 has no wheel for.
    project = make_project(
        tmp_path,
        {
            "mise.toml": '[tools]\npython = "latest"\n',
            "requirements.txt": "psycopg2-binary==2.9.9\n",
            "app.py": "print(1)\n",
        },
    )
    detection = detect(project)
    fact = detection.fact("python version")
    assert fact.value == "3.12" and fact.evidence[0].where() == "requirements.txt:1"
    assert fact.evidence[1].where() == "mise.toml:2" and "the newest line, 3.15" in fact.evidence[1].note
    assert not any("has wheels for" in w for w in detection.warnings)
    plain = make_project(
        tmp_path / "plain", {"mise.toml": '[tools]\npython = "latest"\n', "app.py": "print(1)\n"}
    )
    assert detect(plain).fact("python version").value == "3.15"  # nothing pinned: the newest


def test_offline_asks_nothing_and_keeps_the_default(tmp_path, monkeypatch) -> None:
    monkeypatch.setenv("GENFILE_OFFLINE", "1")

    def boom(url: str) -> tuple[int, str, bytes]:
        raise AssertionError(f"asked {url} while offline")

    monkeypatch.setattr(index, "http_fetch", boom)
    project = make_project(tmp_path, {"requirements.txt": "psycopg2-binary==2.9.9\n", "app.py": "print(1)\n"})
    assert detect(project).fact("python version").value == "3.14"


def test_offline_flag_on_the_command_line(tmp_path, monkeypatch, run_cli) -> None:
    monkeypatch.delenv("GENFILE_OFFLINE", raising=False)
    monkeypatch.setattr(index, "http_fetch", lambda url: (_ for _ in ()).throw(AssertionError(url)))
    project = make_project(tmp_path, {"requirements.txt": "psycopg2-binary==2.9.9\n", "app.py": "print(1)\n"})
    code, out, _ = run_cli("detect", str(project), "--offline")
    assert code == 0 and "3.14" in out


def test_the_answers_are_cached(tmp_path, monkeypatch) -> None:
    monkeypatch.delenv("GENFILE_OFFLINE", raising=False)
    monkeypatch.setenv("GENFILE_CACHE_DIR", str(tmp_path))
    calls: list[str] = []

    def counting(url: str) -> tuple[int, str, bytes]:
        calls.append(url)
        return recorded(url)

    pins = [("flask", "3.0.3", Evidence("requirements.txt", 1))]
    where = index.Index(index.PYPI, Evidence(None))
    first = index.releases(pins, where, fetch=counting)
    second = index.releases(pins, where, fetch=counting)
    assert first.releases == second.releases and len(calls) == 1


def test_an_index_that_does_not_answer_is_reported_not_fatal(tmp_path, monkeypatch) -> None:
    monkeypatch.delenv("GENFILE_OFFLINE", raising=False)
    monkeypatch.setenv("GENFILE_CACHE_DIR", str(tmp_path / "cache"))

    def down(url: str) -> tuple[int, str, bytes]:
        raise OSError("connection refused")

    monkeypatch.setattr(index, "http_fetch", down)
    project = make_project(tmp_path / "p", {"requirements.txt": "flask==3.0.3\n", "app.py": "print(1)\n"})
    detection = detect(project)
    assert detection.fact("python version").value == "3.14"
    assert any("did not describe flask" in w for w in detection.warnings)


def test_the_configured_index_is_used_and_its_credentials_never_shown(monkeypatch) -> None:
    monkeypatch.setenv("PIP_INDEX_URL", "https://user:s3cret@pypi.example.com/simple/")
    found = index.configured()
    assert found.url == "https://user:s3cret@pypi.example.com/simple"
    assert found.shown == "https://pypi.example.com/simple" and found.evidence.note == "$PIP_INDEX_URL"
    stated = index.configured(
        ("https://mirror.example/simple", Evidence("requirements.txt", 1, "--index-url"))
    )
    assert stated.url == "https://mirror.example/simple"


def test_html_simple_api_answers_are_read_too() -> None:
    page = (
        b'<a href="https://files.example/x-1.0-cp312-cp312-manylinux_2_17_x86_64.whl#sha256=00" '
        b'data-requires-python="&gt;=3.8">x-1.0-cp312-cp312-manylinux_2_17_x86_64.whl</a>'
    )
    lookup = index.releases(
        [("x", "1.0", Evidence("requirements.txt", 1))],
        index.Index("https://idx.example/simple", Evidence(None)),
        fetch=lambda url: (200, "text/html", page),
        use_cache=False,
    )
    assert lookup.releases[0].requires_python == ">=3.8"
    assert lookup.releases[0].files == ("x-1.0-cp312-cp312-manylinux_2_17_x86_64.whl",)


def test_uv_lock_wheels_choose_the_line(tmp_path) -> None:
    lock = """version = 1
requires-python = ">=3.11"

[[package]]
name = "app"
version = "0.1.0"
source = { virtual = "." }
dependencies = [{ name = "pydantic-core" }]

[[package]]
name = "pydantic-core"
version = "2.23.4"
source = { registry = "https://pypi.org/simple" }
sdist = { url = "https://files.example/pydantic_core-2.23.4.tar.gz", upload-time = "2024-09-16T16:03:00Z" }
wheels = [
    { url = "https://files.example/pydantic_core-2.23.4-cp311-cp311-manylinux_2_17_x86_64.whl", upload-time = "2024-09-16T16:03:00Z" },
    { url = "https://files.example/pydantic_core-2.23.4-cp312-cp312-manylinux_2_17_x86_64.whl", upload-time = "2024-09-16T16:03:00Z" },
    { url = "https://files.example/pydantic_core-2.23.4-cp313-cp313-manylinux_2_17_x86_64.whl", upload-time = "2024-09-16T16:03:00Z" },
]
"""
    pyproject = (
        "[project]\nname='app'\nversion='0.1.0'\nrequires-python='>=3.11'\ndependencies=['pydantic-core']\n"
    )
    project = make_project(tmp_path, {"pyproject.toml": pyproject, "uv.lock": lock, "main.py": "print(1)\n"})
    fact = detect(project).fact("python version")
    # Dated 2024-09: before 3.13 (2024-10-07) → 3.12, and the wheels allow up to 3.13.
    assert fact.value == "3.12" and fact.evidence[0].file == "uv.lock"


def test_poetry_lock_python_versions_markers_choose_the_line(tmp_path) -> None:
    lock = """[[package]]
name = "oldlib"
version = "1.0"
python-versions = ">=3.8,<3.13"
files = [{file = "oldlib-1.0-py3-none-any.whl", hash = "sha256:00"}]

[metadata]
lock-version = "2.0"
python-versions = "^3.11"
"""
    pyproject = (
        "[tool.poetry]\nname='app'\nversion='1'\n[tool.poetry.dependencies]\npython='^3.11'\noldlib='1.0'\n"
    )
    project = make_project(
        tmp_path, {"pyproject.toml": pyproject, "poetry.lock": lock, "main.py": "print(1)\n"}
    )
    fact = detect(project).fact("python version")
    assert fact.value == "3.12"
    assert fact.evidence[0].note == "oldlib 1.0: requires-python >=3.8,<3.13 → 3.12"


def test_no_line_fits_every_package_says_what_compiles() -> None:
    old = Release(
        "oldnum", "1.0", ("oldnum-1.0-cp39-cp39-manylinux_2_17_x86_64.whl",), None, None, Evidence("r.txt", 1)
    )
    choice = pythons.choose([old], list(LINES), "3.14", exact=False, source="r.txt")
    assert choice is not None and choice.line == "3.14"
    assert (
        "no supported Python line fits" in choice.warnings[0]
        and "oldnum 1.0: wheels for cp39" in choice.warnings[0]
    )


def test_alpine_is_advised_against_when_musl_wheels_are_missing(tmp_path) -> None:
    lock = """version = 1
requires-python = ">=3.13"

[[package]]
name = "fastlib"
version = "1.0"
source = { registry = "https://pypi.org/simple" }
wheels = [{ url = "https://files.example/fastlib-1.0-cp313-cp313-manylinux_2_17_x86_64.whl" }]
"""
    pyproject = (
        "[project]\nname='app'\nversion='0.1.0'\nrequires-python='>=3.13,<3.14'\ndependencies=['fastlib']\n"
    )
    project = make_project(tmp_path, {"pyproject.toml": pyproject, "uv.lock": lock, "main.py": "print(1)\n"})
    detection = detect(project)
    assert "fastlib have no musllinux wheel for Python 3.13" in detection.stack_reason
    plan = plan_stack(detection, "python-alpine")
    assert any("fastlib may lack musl wheels" in n for n in plan.notes)


def _index_reachable() -> bool:
    try:
        request = urllib.request.Request(
            f"{index.PYPI}/pip/", headers={"Accept": "application/vnd.pypi.simple.v1+json"}
        )
        with urllib.request.urlopen(request, timeout=3) as response:  # noqa: S310
            return response.status == 200 and bool(json.loads(response.read(5_000_000)).get("files"))
    except (OSError, ValueError):
        return False


def test_the_real_index_describes_a_pinned_release(tmp_path, monkeypatch) -> None:
    if not _index_reachable():
        pytest.skip("no package index reachable (as with --offline)")
    monkeypatch.delenv("GENFILE_OFFLINE", raising=False)
    lookup = index.releases(
        [("psycopg2-binary", "2.9.9", Evidence("requirements.txt", 1))],
        index.Index(index.PYPI, Evidence(None)),
        use_cache=False,
    )
    (release,) = lookup.releases
    assert release.released == "2023-10-03" and release.requires_python == ">=3.7"
    assert wheels.coverage(release.files, LINES).linux == {"3.11", "3.12"}


def test_pipfile_lock_records_the_python_its_pipfile_left_out(tmp_path) -> None:
    lock = (
        '{\n    "_meta": {\n        "hash": {"sha256": "0"},\n        "pipfile-spec": 6,\n'
        '        "requires": {\n            "python_version": "3.12"\n        },\n        "sources": []\n    },\n'
        '    "default": {"flask": {"hashes": ["sha256:00"], "version": "==3.1.0"}},\n    "develop": {}\n}\n'
    )
    project = make_project(
        tmp_path,
        {"Pipfile": '[packages]\nflask = "*"\n', "Pipfile.lock": lock, "app.py": "print(1)\n"},
    )
    fact = detect(project).fact("python version")
    assert fact.value == "3.12" and fact.evidence[0].where() == "Pipfile.lock:6"
