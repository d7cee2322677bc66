"""Hostile Go projects: every generated case ends in a clear one-line error or in files whose
parsed structure is exactly what the plan intended (see tests/fuzz_support.py).

Values come from go.mod/go.work lines, folder names and string literals in the code, since
each of those can reach a Dockerfile line (COPY paths, the binary name, the build package).
The unit run tries a fast sample; GENFILE_FUZZ_EXAMPLES sets how many.
"""

from __future__ import annotations

import json

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tests.fuzz_support import FUZZ, outcome

pytestmark = pytest.mark.fuzz

PIECES = [*"ab.:-_/ \\\"'$()`;&|#\n\r\t\x0b\x00é☃=[]{}*", "RUN ", "\nCMD x", "v1.2.3", "1.22", "=>", "./"]
HOSTILE = st.lists(st.sampled_from(PIECES), max_size=12).map("".join) | st.text(max_size=30)
NAME = st.text(alphabet=st.sampled_from(list("ab -_.é☃$'\"`;\n~+")), min_size=1, max_size=12)
SERVER = 'package main\n\nimport "net/http"\n\nfunc main() {\n\t_ = http.ListenAndServe(":8081", nil)\n}\n'


def go_string(value: str) -> str:
    return json.dumps(value)  # JSON string escapes are valid Go interpreted-string escapes


@FUZZ
@given(module=HOSTILE, go=HOSTILE, toolchain=HOSTILE, require=HOSTILE, replace=HOSTILE)
def test_hostile_go_mod(module: str, go: str, toolchain: str, require: str, replace: str) -> None:
    gomod = f"module {module}\n\ngo {go}\n\ntoolchain {toolchain}\n\nrequire {require}\n\nreplace {replace}\n"
    outcome({"go.mod": gomod, "main.go": SERVER})


@FUZZ
@given(module=HOSTILE, use=HOSTILE)
def test_hostile_go_work(module: str, use: str) -> None:
    outcome(
        {
            "go.work": f"go 1.24\n\nuse (\n\t./app\n\t{use}\n)\n",
            "app/go.mod": f"module {module}\n",
            "app/main.go": SERVER,
        }
    )


@FUZZ
@given(command=NAME, data=NAME, literal=HOSTILE, embed=HOSTILE)
def test_hostile_folders_and_literals(command: str, data: str, literal: str, embed: str) -> None:
    if command in (".", "..") or data in (".", ".."):
        return
    main = (
        'package main\n\nimport (\n\t"embed"\n\t"net/http"\n\t"os"\n)\n\n'
        f"//go:embed {embed}\nvar files embed.FS\n\n"
        "func main() {\n"
        f"\t_, _ = os.ReadFile({go_string(data + '/x.txt')})\n"
        f"\t_, _ = os.ReadFile({go_string(literal)})\n"
        '\t_ = http.ListenAndServe(":8081", nil)\n}\n'
    )
    outcome(
        {
            "go.mod": "module example.com/svc\n\ngo 1.24\n",
            f"cmd/{command}/main.go": main,
            f"{data}/x.txt": "data",
            "cmd/other/main.go": SERVER,
        }
    )


@FUZZ
@given(word=HOSTILE, proc=HOSTILE, readme=HOSTILE, tag=HOSTILE, private=HOSTILE)
def test_hostile_project_files(word: str, proc: str, readme: str, tag: str, private: str) -> None:
    """Makefile, Procfile, README and goreleaser lines name the main, the subcommand, the build
    flags and GOPRIVATE: none of their text may become an instruction or a flag."""
    outcome(
        {
            "go.mod": "module example.com/svc\n\ngo 1.24\n\nrequire example.com/dep v1.0.0\n",
            "go.sum": "",
            "Makefile": f"export GOPRIVATE={private}\nbuild:\n\tgo build -tags {tag} "
            f'-ldflags "-X main.x={word}" -o bin/{word} ./cmd/{word}\n',
            "Procfile": f"web: {proc}\n",
            "README.md": f"## Running\n\n```sh\n{readme}\n```\n",
            ".goreleaser.yaml": f"builds:\n  - main: {word}\n    tags: [{tag}]\n    ldflags:\n      - {word}\n",
            "cmd/api/main.go": SERVER,
            "cmd/other/main.go": SERVER,
        }
    )


@FUZZ
@given(use=HOSTILE, env=HOSTILE, default=HOSTILE)
def test_hostile_command_names_and_config_tags(use: str, env: str, default: str) -> None:
    """A cobra Use string becomes CMD, a config tag's variable an ENV line: only as plain words."""
    cmd = (
        'package main\n\nimport (\n\t"net/http"\n\n\t"github.com/spf13/cobra"\n)\n\n'
        f"var serve = &cobra.Command{{Use: {go_string(use)}, RunE: func(*cobra.Command, []string) error {{\n"
        '\treturn http.ListenAndServe(":8081", nil)\n}}\n\n'
        "type config struct {\n\tHost string `envconfig:"
        + go_string(env)
        + " default:"
        + go_string(default)
        + '`\n}\n\nfunc main() {\n\troot := &cobra.Command{Use: "svc"}\n\troot.AddCommand(serve)\n'
        "\t_ = root.Execute()\n}\n"
    )
    outcome({"go.mod": "module example.com/svc\n\ngo 1.24\n", "main.go": cmd})
