"""The engine tests share the host's ports and container names, so they must run on one
xdist worker (``--dist loadgroup`` with ``xdist_group``). pytest 9 silently broke that
grouping; this proves it holds with the installed pytest and pytest-xdist."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path


def test_grouped_tests_run_on_one_worker(tmp_path: Path) -> None:
    (tmp_path / "test_grouped.py").write_text(
        "import pytest\n"
        'pytestmark = [pytest.mark.xdist_group("engine")]\n'
        '@pytest.mark.parametrize("n", range(6))\n'
        "def test_one(n):\n    pass\n",
        encoding="utf-8",
    )
    (tmp_path / "test_other.py").write_text("def test_two():\n    pass\n", encoding="utf-8")
    done = subprocess.run(
        [sys.executable, "-m", "pytest", "-n", "2", "--dist", "loadgroup", "-v", "-p", "no:cacheprovider"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stdout[-2000:]
    workers = set(re.findall(r"\[(gw\d+)\].*PASSED test_grouped\.py", done.stdout))
    assert len(workers) == 1, done.stdout
