"""Dependencies that need system libraries: compiled in the build stage, loaded at run time.

Only packages that really need them are listed: one that ships manylinux wheels needs nothing.
For each: whether it must be compiled from source (then the build stage needs a compiler and
the library's headers) and which runtime library the final image must carry, per OS family.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class NativeDep:
    package: str
    compiles: bool  # no wheels: built from source, needs a compiler and -dev headers
    debian_runtime: tuple[str, ...]  # loaded at run time (Debian package names)
    alpine_build: tuple[str, ...]  # headers for building on Alpine (besides build-base)
    alpine_runtime: tuple[str, ...]
    why: str


KNOWN = {
    "psycopg2": NativeDep(
        "psycopg2",
        True,
        ("libpq5",),
        ("postgresql-dev",),
        ("libpq",),
        "psycopg2 builds from source against libpq (psycopg2-binary is the wheel)",
    ),
    "mysqlclient": NativeDep(
        "mysqlclient",
        True,
        ("libmariadb3",),
        ("mariadb-dev", "pkgconf"),
        ("mariadb-connector-c",),
        "mysqlclient builds from source against the MySQL/MariaDB client library",
    ),
    "psycopg-c": NativeDep(
        "psycopg-c",
        True,
        ("libpq5",),
        ("postgresql-dev",),
        ("libpq",),
        "psycopg[c] builds its C extension against libpq",
    ),
    "psycopg": NativeDep(
        "psycopg",
        False,
        ("libpq5",),
        (),
        ("libpq",),
        "psycopg 3 without the [binary] extra loads the system libpq at run time",
    ),
    "pyodbc": NativeDep(
        "pyodbc",
        False,
        ("libodbc2",),
        ("unixodbc-dev",),
        ("unixodbc",),
        "pyodbc loads the unixODBC driver manager at run time",
    ),
}

# Packages whose musl (Alpine) wheels are missing or lag behind their glibc wheels, so pip may
# compile them from source on Alpine: slow builds, a compiler toolchain, sometimes failures.
MUSL_RISK = frozenset(
    {
        "numpy",
        "pandas",
        "scipy",
        "scikit-learn",
        "pyarrow",
        "grpcio",
        "torch",
        "tensorflow",
        "opencv-python",
        "opencv-python-headless",
        "matplotlib",
        "polars",
        "numba",
        "llvmlite",
    }
)


def native_deps(names: set[str]) -> tuple[NativeDep, ...]:
    """The native dependencies among normalised package names."""
    found = [KNOWN[n] for n in sorted(names) if n in KNOWN]
    if "psycopg-binary" in names:  # psycopg[binary] bundles its own libpq
        found = [d for d in found if d.package != "psycopg"]
    return tuple(found)
