"""Python packages that need system packages: headers to compile, libraries or programs to run.

One table, as data: each row names the Python package, whether it compiles from source
(decided from the locked or pinned release's files when known: :mod:`.pythons`; else the
row's own answer), the Debian and Alpine packages the build stage needs to compile it, those the
final image needs to run it (always, or only when it was compiled), and the page that says so.
A package that ships a fitting manylinux wheel needs nothing at build time.

Debian names are the ones bookworm, trixie and forky share (apt picks the sole provider of a
renamed library such as ``libmagic1``).
"""

from __future__ import annotations

from dataclasses import dataclass

# -dev packages the full python:X build image already carries (docker-library's
# buildpack-deps, which python:X is built on): nothing to install for these.
FULL_IMAGE_HAS = frozenset(
    {
        "build-essential",
        "pkg-config",
        "default-libmysqlclient-dev",
        "libpq-dev",
        "libffi-dev",
        "libssl-dev",
        "libjpeg-dev",
        "libpng-dev",
        "libwebp-dev",
        "zlib1g-dev",
        "libxml2-dev",
        "libxslt1-dev",
        "libsqlite3-dev",
        "libbz2-dev",
        "liblzma-dev",
        "libreadline-dev",
        "libncurses-dev",
        "libgdbm-dev",
        "libyaml-dev",
        "libcurl4-openssl-dev",
        "libkrb5-dev",
        "libgmp-dev",
        "libevent-dev",
        "git",
    }
)


@dataclass(frozen=True)
class Row:
    package: str  # normalised PyPI name
    compiles: bool  # without file data: does it build from source on Linux?
    debian_build: tuple[str, ...]  # headers and tools to compile it (build stage only)
    debian_runtime: tuple[str, ...]  # always needed at run time (a program it calls, a library it loads)
    debian_compiled: tuple[str, ...]  # needed at run time only when it was compiled here
    alpine_build: tuple[str, ...]
    alpine_runtime: tuple[str, ...]
    why: str
    source: str  # the page that documents the requirement
    # The run-time need is a program the package runs for some features (ffmpeg, poppler):
    # installed only when the project itself depends on the package, not when another
    # dependency pulls it in (gradio locks pydub but an app without audio never runs ffmpeg).
    program: bool = False


TABLE: tuple[Row, ...] = (
    Row(
        "psycopg2",
        True,
        ("libpq-dev",),
        (),
        ("libpq5",),
        ("postgresql-dev",),
        ("libpq",),
        "psycopg2 builds from source against libpq (psycopg2-binary is the wheel)",
        "https://www.psycopg.org/docs/install.html#build-prerequisites",
    ),
    Row(
        "psycopg2-binary",
        False,
        ("libpq-dev",),
        (),
        ("libpq5",),
        ("postgresql-dev",),
        ("libpq",),
        "psycopg2-binary without a wheel for this Python builds from source against libpq",
        "https://www.psycopg.org/docs/install.html#psycopg-vs-psycopg-binary",
    ),
    Row(
        "mysqlclient",
        True,
        ("default-libmysqlclient-dev", "pkg-config"),
        (),
        ("libmariadb3",),
        ("mariadb-dev", "pkgconf"),
        ("mariadb-connector-c",),
        "mysqlclient builds from source against the MySQL/MariaDB client library",
        "https://github.com/PyMySQL/mysqlclient#linux",
    ),
    Row(
        "psycopg-c",
        True,
        ("libpq-dev",),
        ("libpq5",),
        (),
        ("postgresql-dev",),
        ("libpq",),
        "psycopg[c] builds its C extension against libpq",
        "https://www.psycopg.org/psycopg3/docs/basic/install.html#local-installation",
    ),
    Row(
        "psycopg",
        False,
        (),
        ("libpq5",),
        (),
        (),
        ("libpq",),
        "psycopg 3 without the [binary] extra loads the system libpq at run time",
        "https://www.psycopg.org/psycopg3/docs/basic/install.html#pure-python-installation",
    ),
    Row(
        "pyodbc",
        False,
        ("unixodbc-dev",),
        ("libodbc2",),
        (),
        ("unixodbc-dev",),
        ("unixodbc",),
        "pyodbc loads the unixODBC driver manager at run time",
        "https://github.com/mkleehammer/pyodbc/wiki/Install#installing-on-linux",
    ),
    Row(
        "pycairo",
        True,
        ("libcairo2-dev", "pkg-config"),
        (),
        ("libcairo2",),
        ("cairo-dev", "pkgconf"),
        ("cairo",),
        "pycairo has no Linux wheels: it builds against cairo's headers and loads libcairo",
        "https://pycairo.readthedocs.io/en/latest/getting_started.html",
    ),
    Row(
        "lxml",
        False,
        ("libxml2-dev", "libxslt1-dev"),
        (),
        ("libxslt1.1",),
        ("libxml2-dev", "libxslt-dev"),
        ("libxml2", "libxslt"),
        "lxml without a wheel for this Python builds against libxml2 and libxslt",
        "https://lxml.de/installation.html#requirements",
    ),
    Row(
        "pillow",
        False,
        ("libjpeg-dev", "zlib1g-dev"),
        (),
        ("libjpeg62-turbo",),
        ("jpeg-dev", "zlib-dev"),
        ("libjpeg-turbo",),
        "Pillow without a wheel for this Python builds against libjpeg and zlib",
        "https://pillow.readthedocs.io/en/stable/installation/building-from-source.html",
    ),
    Row(
        "pdf2image",
        False,
        (),
        ("poppler-utils",),
        (),
        (),
        ("poppler-utils",),
        "pdf2image runs poppler's pdftoppm and pdfinfo",
        "https://github.com/Belval/pdf2image#how-to-install",
        program=True,
    ),
    Row(
        "pydub",
        False,
        (),
        ("ffmpeg",),
        (),
        (),
        ("ffmpeg",),
        "pydub runs ffmpeg to open anything but WAV",
        "https://github.com/jiaaro/pydub#dependencies",
        program=True,
    ),
    Row(
        "python-magic",
        False,
        (),
        ("libmagic1",),
        (),
        (),
        ("libmagic",),
        "python-magic loads libmagic at run time",
        "https://github.com/ahupp/python-magic#installation",
    ),
    Row(
        "pytesseract",
        False,
        (),
        ("tesseract-ocr",),
        (),
        (),
        ("tesseract-ocr",),
        "pytesseract runs the tesseract program",
        "https://github.com/madmaze/pytesseract#installation",
        program=True,
    ),
    Row(
        "weasyprint",
        False,
        (),
        ("libpango-1.0-0", "libpangoft2-1.0-0"),
        (),
        (),
        ("pango",),
        "WeasyPrint loads Pango at run time",
        "https://doc.courtbouillon.org/weasyprint/stable/first_steps.html#linux",
    ),
    Row(
        "pyaudio",
        True,
        ("portaudio19-dev",),
        (),
        ("libportaudio2",),
        ("portaudio-dev",),
        ("portaudio",),
        "PyAudio builds against PortAudio's headers and loads it at run time",
        "https://people.csail.mit.edu/hubert/pyaudio/#downloads",
    ),
    Row(
        "soundfile",
        False,
        (),
        ("libsndfile1",),
        (),
        (),
        ("libsndfile",),
        "soundfile's Linux wheels load the system libsndfile",
        "https://python-soundfile.readthedocs.io/en/latest/#installation",
    ),
)
KNOWN = {row.package: row for row in TABLE}


@dataclass(frozen=True)
class NativeDep:
    """A row applied to one project: whether it compiles here, and what that needs."""

    package: str
    compiles: bool  # built from source: the build stage needs a compiler and the headers
    debian_build: tuple[str, ...]
    debian_runtime: tuple[str, ...]  # loaded or run at run time (Debian package names)
    alpine_build: tuple[str, ...]  # headers for building on Alpine (besides build-base)
    alpine_runtime: tuple[str, ...]
    why: str
    source: str = ""
    decided_by: str = ""  # "no wheel for 3.14 in uv.lock" / "the table": how compiles was decided


def native_deps(
    names: set[str], compiled: dict[str, bool | None] | None = None, direct: set[str] | None = None
) -> tuple[NativeDep, ...]:
    """The rows that apply among normalised package ``names``; ``compiled`` says, per package,
    whether its pinned release builds from source on the chosen line (None: unknown);
    ``direct`` are the project's own dependencies (program rows apply to those only)."""
    compiled = compiled or {}
    found = []
    for name in sorted(names):
        row = KNOWN.get(name)
        if row is None or (row.program and direct is not None and name not in direct):
            continue
        known = compiled.get(name)
        compiles = row.compiles if known is None else known
        if not compiles and not row.debian_runtime and not row.alpine_runtime:
            continue  # a wheel, and nothing to load at run time
        runtime = row.debian_runtime + (row.debian_compiled if compiles else ())
        if not compiles and not runtime:
            continue
        found.append(
            NativeDep(
                row.package,
                compiles,
                row.debian_build if compiles else (),
                runtime,
                row.alpine_build if compiles else (),
                row.alpine_runtime,
                row.why,
                row.source,
                "the pinned release's files" if known is not None else "genfile's table",
            )
        )
    if "psycopg-binary" in names:  # psycopg[binary] bundles its own libpq
        found = [d for d in found if d.package != "psycopg"]
    return tuple(found)


# Packages whose musl (Alpine) wheels are missing or lag behind their glibc wheels, so pip may
# compile them from source on Alpine: used when the pinned files are not known.
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
