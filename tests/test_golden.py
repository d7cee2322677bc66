"""Golden files: what genfile renders for each sample, compared byte for byte.

After an intended change to a template, regenerate with ``GENFILE_UPDATE_GOLDEN=1 pytest
tests/test_golden.py`` and review the diff like any other code change.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from genfile.pipeline import detect, plan_stack
from genfile.render import render
from tests.conftest import ALL_SAMPLES, PYTHON_SAMPLES, SAMPLES, sample_stacks

GOLDEN = Path(__file__).parent / "golden"
CASES = sample_stacks()


@pytest.mark.parametrize(("sample", "stack"), CASES, ids=[f"{s}-{t}" for s, t in CASES])
def test_rendered_files_match_golden(sample: str, stack: str) -> None:
    files = render(plan_stack(detect(SAMPLES / sample), stack))
    folder = GOLDEN / sample / stack
    if os.environ.get("GENFILE_UPDATE_GOLDEN") == "1":
        folder.mkdir(parents=True, exist_ok=True)
        for name, text in files.items():
            (folder / name).write_text(text, encoding="utf-8")
    for name, text in files.items():
        expected = (folder / name).read_text(encoding="utf-8")
        assert text == expected, f"{folder / name} differs; regenerate if the change is intended"


def test_every_sample_has_golden_files() -> None:
    assert len(PYTHON_SAMPLES) >= 6
    for sample in ALL_SAMPLES:
        stack = detect(SAMPLES / sample).stack
        assert (GOLDEN / sample / stack / "Dockerfile").is_file()
