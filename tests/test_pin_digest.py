"""``genfile init --pin-digest``: base images pinned to the digests the local engine holds,
and a clear refusal (nothing written) when it holds none for an image."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import dockerfile
import pytest

from genfile import digests, generate

SAMPLES = Path(__file__).resolve().parent.parent / "sample_projects"
DIGEST = "sha256:" + "ab" * 32


def fake_engine(tmp_path: Path, answers: dict[str, object]) -> Path:
    """A docker CLI that answers `image inspect --format {{json .RepoDigests}} REF` from
    ``answers`` (a list: the RepoDigests; an int: that exit code, as for an image it lacks)."""
    script = tmp_path / "docker"
    script.write_text(
        f"#!{sys.executable}\n"
        "import json, sys\n"
        f"answers = json.loads({json.dumps(json.dumps(answers))})\n"
        "ref = sys.argv[-1]\n"
        "answer = answers.get(ref, 1)\n"
        "if isinstance(answer, int):\n"
        "    print(f'Error response from daemon: No such image: {ref}', file=sys.stderr)\n"
        "    sys.exit(answer)\n"
        "print(json.dumps(answer))\n",
        encoding="utf-8",
    )
    script.chmod(0o755)
    return script


def run_init(project: Path, engine: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "GENFILE_DOCKER": str(engine), "GENFILE_OFFLINE": "1", "NO_COLOR": "1"}
    return subprocess.run(
        [sys.executable, "-m", "genfile", "init", str(project), "--yes", *args],
        capture_output=True,
        text=True,
        env=env,
        check=False,
    )


def copy_sample(tmp_path: Path, name: str) -> Path:
    target = tmp_path / name
    shutil.copytree(SAMPLES / name, target)
    return target


def test_every_stage_image_is_pinned_and_the_answer_saved(tmp_path: Path) -> None:
    project = copy_sample(tmp_path, "go-stdlib-root")
    images = digests.base_images(generate.generate(project).files["Dockerfile"])
    assert len(images) >= 2, images  # the build stage on golang, the final one on distroless
    engine = fake_engine(tmp_path, {i: [f"{i.rsplit(':', 1)[0]}@{DIGEST}"] for i in images})
    done = run_init(project, engine, "--pin-digest")
    assert done.returncode == 0, done.stderr
    text = (project / "Dockerfile").read_text(encoding="utf-8")
    froms = [c.value for c in dockerfile.parse_string(text) if c.cmd == "FROM"]
    pinned = {v[0] for v in froms if "@" in v[0]}
    assert pinned == {f"{i}@{DIGEST}" for i in images}
    assert "pin_digest = true" in (project / "genfile.toml").read_text(encoding="utf-8")
    # The saved answer reproduces the pinned file, so init --check is in step.
    check = run_init(project, engine, "--check")
    assert check.returncode == 0, check.stdout + check.stderr


def test_docker_hub_names_match_their_long_form(tmp_path: Path) -> None:
    engine = fake_engine(tmp_path, {"python:3.14-slim": [f"docker.io/library/python@{DIGEST}"]})
    assert digests.resolve(["python:3.14-slim"], str(engine)) == (("python:3.14-slim", DIGEST),)


def test_a_digest_of_another_repository_is_not_taken(tmp_path: Path) -> None:
    # The same image pushed to a mirror: its digest there says nothing about Docker Hub's.
    engine = fake_engine(tmp_path, {"golang:1.26": [f"localhost:5000/golang@{DIGEST}"]})
    with pytest.raises(digests.ChoiceError, match="no registry digest"):
        digests.resolve(["golang:1.26"], str(engine))


@pytest.mark.parametrize(
    ("answer", "said"),
    [([], "with no registry digest"), (1, "does not hold"), (["python@sha256:short"], "no registry digest")],
    ids=["built here", "not pulled", "malformed digest"],
)
def test_an_image_that_cannot_be_pinned_is_refused_and_nothing_written(
    tmp_path: Path, answer: object, said: str
) -> None:
    project = copy_sample(tmp_path, "python-flask-requirements")
    before = sorted(p.name for p in project.iterdir())
    image = digests.base_images(generate.generate(project).files["Dockerfile"])[-1]
    engine = fake_engine(tmp_path, {image: answer})
    done = run_init(project, engine, "--pin-digest")
    assert done.returncode == 2
    last = done.stderr.strip().splitlines()[-1]
    assert said in last and "docker pull" in last, done.stderr
    assert "Traceback" not in done.stderr
    assert sorted(p.name for p in project.iterdir()) == before


def test_no_engine_at_all_is_refused(tmp_path: Path) -> None:
    project = copy_sample(tmp_path, "python-flask-requirements")
    done = run_init(project, tmp_path / "no-such-docker", "--pin-digest", "--stdout")
    assert done.returncode == 2 and "did not answer" in done.stderr, done.stderr


def test_stage_names_and_scratch_are_not_images() -> None:
    text = (
        "FROM python:3.14 AS builder\nFROM builder AS test\nFROM scratch\n"
        "FROM --platform=$BUILDPLATFORM golang:1.26 AS go\nFROM python:3.14\n"
    )
    assert digests.base_images(text) == ("python:3.14", "golang:1.26")
