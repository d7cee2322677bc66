"""cgo: does the binary need a C toolchain to build and glibc to run?

Yes when a package the binary is built from has ``import "C"``, or when the module requires a
module that only works through cgo (go-sqlite3 compiles without cgo but fails at run time).
Then the build keeps CGO_ENABLED=1 and the image is distroless ``base`` (glibc, libssl);
otherwise CGO_ENABLED=0 gives a static binary for distroless ``static``. Libraries the C code
links besides libc (``#cgo LDFLAGS: -lfoo``) are not in any distroless image: reported.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from genfile.detectors.go.modfile import GoMod
from genfile.detectors.go.source import Package
from genfile.evidence import Evidence

# Modules that need cgo to work, and why.
CGO_ONLY = {
    "github.com/mattn/go-sqlite3": "go-sqlite3 wraps SQLite's C code (it fails at run time without cgo)",
    "github.com/confluentinc/confluent-kafka-go": "confluent-kafka-go links librdkafka through cgo",
    "github.com/confluentinc/confluent-kafka-go/v2": "confluent-kafka-go links librdkafka through cgo",
    "gopkg.in/confluentinc/confluent-kafka-go.v1": "confluent-kafka-go links librdkafka through cgo",
}
# Linker flags every distroless base image satisfies (glibc and libssl are there).
_IN_BASE = ("-lc", "-lm", "-lpthread", "-ldl", "-lrt", "-lresolv", "-lssl", "-lcrypto")


@dataclass(frozen=True)
class Cgo:
    enabled: bool
    evidence: tuple[Evidence, ...]
    libraries: tuple[Evidence, ...]  # #cgo directives naming libraries distroless lacks


def detect(packages: Iterable[Package], modules: Iterable[GoMod]) -> Cgo:
    evidence: list[Evidence] = []
    libraries: list[Evidence] = []
    for pkg in packages:
        for file in pkg.files:
            for path, number in file.imports:
                if path == "C":
                    evidence.append(Evidence(file.path, number, 'import "C"'))
            if any(p == "C" for p, _ in file.imports):
                for text, number in file.cgo_libs:
                    flags = text.partition(":")[2].split()
                    if text.startswith("pkg-config") or any(
                        f.startswith("-l") and f not in _IN_BASE for f in flags
                    ):
                        libraries.append(Evidence(file.path, number, f"#cgo {text}"))
    for mod in modules:
        for req in mod.requires:
            if req.path in CGO_ONLY:
                evidence.append(Evidence(mod.file, req.line, CGO_ONLY[req.path]))
    return Cgo(bool(evidence), tuple(evidence), tuple(libraries))
