"""requirements files: includes, continuations, local entries, broken includes."""

from __future__ import annotations

import pytest

from genfile.detectors.python import requirements
from genfile.errors import ManifestError
from genfile.repo import Repo
from tests.conftest import make_project


def test_includes_and_names(tmp_path) -> None:
    repo = Repo(
        make_project(
            tmp_path,
            {
                "requirements.txt": (
                    "-r requirements/base.txt\n-c constraints.txt\n"
                    "Flask_SQLAlchemy==3.1 \\\n  --hash=sha256:abc\n"
                ),
                "requirements/base.txt": "# base\nflask>=3 ; python_version>'3.8'  # web\n-r common.txt\n",
                "requirements/common.txt": "psycopg[c]==3.2\ngit+https://example.invalid/x.git#egg=Private_Pkg\n",
                "constraints.txt": "werkzeug<4\n",
            },
        )
    )
    found = requirements.read(repo, "requirements.txt")
    assert found.files == [
        "requirements.txt",
        "requirements/base.txt",
        "requirements/common.txt",
        "constraints.txt",
    ]
    names = {r.name: r for r in found.requirements}
    assert set(names) == {"flask", "flask-sqlalchemy", "psycopg", "private-pkg", "werkzeug"}
    assert names["psycopg"].extras == {"c"}
    assert names["flask"].evidence.where() == "requirements/base.txt:2"


def test_local_entries_are_reported(tmp_path) -> None:
    repo = Repo(make_project(tmp_path, {"requirements.txt": "-e .\nrequests\n./libs/foo\n"}))
    found = requirements.read(repo, "requirements.txt")
    assert [e.line for e in found.local] == [1, 3]
    assert [r.name for r in found.requirements] == ["requests"]


def test_missing_include_names_the_line(tmp_path) -> None:
    repo = Repo(make_project(tmp_path, {"requirements.txt": "flask\n-r missing.txt\n"}))
    with pytest.raises(ManifestError) as err:
        requirements.read(repo, "requirements.txt")
    assert err.value.line().startswith("requirements.txt:2: includes missing.txt")


def test_include_outside_project_is_refused(tmp_path) -> None:
    repo = Repo(make_project(tmp_path / "p", {"requirements.txt": "-r ../../etc/passwd\n"}))
    with pytest.raises(ManifestError, match="outside the project"):
        requirements.read(repo, "requirements.txt")


def test_requirements_folder_is_found(tmp_path) -> None:
    repo = Repo(
        make_project(
            tmp_path, {"requirements/production.txt": "django\n", "requirements/dev.txt": "pytest\n"}
        )
    )
    assert requirements.find_requirements_file(repo) == "requirements/production.txt"
