"""How long `genfile detect` takes on a large repository (100,000 files by default).

The tree mixes what real repositories carry: a big nested node_modules, a .git folder full of
objects, a virtualenv, and thousands of source files across nested packages. Detection must
stay bounded (skipping dependency/VCS folders, capping walks) and finish in under a second.

    python benchmarks/detect_large.py [--files 100000] [--keep DIR]
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

from genfile.pipeline import detect, plan_stack


def build_tree(root: Path, files: int) -> None:
    """Write ``files`` files: 40% node_modules, 25% .git objects, 5% a venv, 30% source."""
    (root / "requirements.txt").write_text("flask\ngunicorn\n")
    (root / "app.py").write_text("from flask import Flask\n\napp = Flask(__name__)\n")
    shares = {"node_modules": 0.40, ".git/objects": 0.25, ".venv/lib/python3.12/site-packages": 0.05}
    written = 2
    for folder, share in shares.items():
        for i in range(int(files * share)):
            path = root / folder / f"pkg{i // 200}" / f"sub{i % 7}" / f"f{i}.js"
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text("x")
            written += 1
    (root / ".venv" / "pyvenv.cfg").write_text("home = /usr\n")
    i = 0
    while written < files:
        path = root / "src" / f"mod{i // 500}" / f"pkg{i // 50 % 10}" / f"m{i}.py"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text("def f():\n    return 1\n")
        written += 1
        i += 1


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--files", type=int, default=100_000)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--keep", type=Path, help="build the tree here and keep it")
    args = parser.parse_args()
    root = args.keep or Path(tempfile.mkdtemp(prefix="genfile-bench-"))
    root.mkdir(parents=True, exist_ok=True)
    try:
        start = time.perf_counter()
        build_tree(root, args.files)
        print(f"built {args.files} files in {time.perf_counter() - start:.1f} s at {root}")
        timings = []
        for _ in range(args.runs):
            start = time.perf_counter()
            plan = plan_stack(detect(root))
            timings.append(time.perf_counter() - start)
        print(
            f"detect + plan: median {statistics.median(timings) * 1000:.0f} ms, "
            f"max {max(timings) * 1000:.0f} ms over {args.runs} runs ({' '.join(plan.start_command)})"
        )
        return 0 if statistics.median(timings) < 1.0 else 1
    finally:
        if args.keep is None:
            shutil.rmtree(root, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
