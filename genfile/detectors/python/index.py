"""The package index, asked about pinned releases that no lockfile describes.

For ``requirements.txt`` and ``Pipfile.lock`` pins, the files of each pinned release (their
names give the Python lines they install on), its ``requires-python`` and its upload date come
from the index the project installs from: pip's and uv's own configuration, in their order
(a ``--index-url`` line in the requirements, ``PIP_INDEX_URL``, ``UV_DEFAULT_INDEX`` /
``UV_INDEX_URL``, pip.conf, uv.toml), else PyPI. It speaks the JSON simple API (PEP 691; PEP
700 adds upload times) and falls back to the HTML one (PEP 503). Every request has a short
timeout and the whole lookup a deadline; answers are cached for a day; ``--offline`` (or
``GENFILE_OFFLINE=1``) skips the index, and the version is then chosen without it.
"""

from __future__ import annotations

import base64
import configparser
import hashlib
import html
import json
import os
import re
import ssl
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Callable, Iterable
from concurrent.futures import ThreadPoolExecutor, wait
from dataclasses import dataclass
from pathlib import Path

from genfile.detectors.python.locks import Release
from genfile.detectors.python.requirements import normalize
from genfile.evidence import Evidence

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib

PYPI = "https://pypi.org/simple"
TIMEOUT_S = 3.0  # one request
DEADLINE_S = 8.0  # the whole lookup
CACHE_TTL_S = 24 * 3600
MAX_PACKAGES = 200
_ACCEPT = "application/vnd.pypi.simple.v1+json, text/html;q=0.1"
_ANCHOR = re.compile(r"<a\s[^>]*?href=\"([^\"]+)\"[^>]*>([^<]+)</a>", re.I)
_REQUIRES = re.compile(r"data-requires-python=\"([^\"]*)\"", re.I)
_SDIST = re.compile(r"^(.+)-([^-]+)\.(?:tar\.gz|zip|tar\.bz2)$")
_WHEEL = re.compile(r"^([^-]+)-([^-]+)-")

# Fetch one URL: (status, content type, body). Tests pass recorded answers instead.
Fetch = Callable[[str], tuple[int, str, bytes]]


def offline() -> bool:
    return os.environ.get("GENFILE_OFFLINE", "").strip().lower() not in ("", "0", "false", "no")


@dataclass(frozen=True)
class Index:
    url: str  # the simple API's base URL, credentials included (never printed)
    evidence: Evidence

    @property
    def shown(self) -> str:
        """The URL without credentials, for people."""
        parts = urllib.parse.urlsplit(self.url)
        host = parts.hostname or ""
        netloc = host + (f":{parts.port}" if parts.port else "")
        return urllib.parse.urlunsplit((parts.scheme, netloc, parts.path, "", ""))


def _pip_conf_files() -> list[Path]:
    if os.environ.get("PIP_CONFIG_FILE"):
        return [Path(os.environ["PIP_CONFIG_FILE"])]
    home = Path.home()
    xdg = Path(os.environ.get("XDG_CONFIG_HOME") or home / ".config")
    files = [Path("/etc/pip.conf"), xdg / "pip" / "pip.conf", home / ".pip" / "pip.conf"]
    if os.environ.get("VIRTUAL_ENV"):
        files.append(Path(os.environ["VIRTUAL_ENV"]) / "pip.conf")
    return files


def _from_pip_conf(key: str) -> tuple[str, str] | None:
    found = None
    for path in _pip_conf_files():  # later files win, as in pip
        parser = configparser.ConfigParser()
        try:
            parser.read(path, encoding="utf-8")
        except (configparser.Error, OSError, UnicodeDecodeError):
            continue
        for section in ("global", "install"):
            if parser.has_option(section, key):
                found = (parser.get(section, key).strip(), str(path))
    return found


def _from_uv_toml() -> tuple[str, str] | None:
    xdg = Path(os.environ.get("XDG_CONFIG_HOME") or Path.home() / ".config")
    for path in (xdg / "uv" / "uv.toml", Path("/etc/uv/uv.toml")):
        try:
            data = tomllib.loads(path.read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError):
            continue
        if isinstance(data.get("index-url"), str):
            return data["index-url"], str(path)
        for entry in data.get("index", []) if isinstance(data.get("index"), list) else []:
            if isinstance(entry, dict) and entry.get("default") and isinstance(entry.get("url"), str):
                return entry["url"], str(path)
    return None


def configured(from_project: tuple[str, Evidence] | None = None) -> Index:
    """The index pip or uv would install from, with where that was said."""
    if from_project:
        return Index(from_project[0].rstrip("/"), from_project[1])
    for var in ("PIP_INDEX_URL", "UV_DEFAULT_INDEX", "UV_INDEX_URL"):
        if os.environ.get(var, "").strip():
            return Index(os.environ[var].strip().rstrip("/"), Evidence(None, None, f"${var}"))
    for found in (_from_pip_conf("index-url"), _from_uv_toml()):
        if found:
            return Index(found[0].rstrip("/"), Evidence(None, None, f"index-url in {found[1]}"))
    return Index(PYPI, Evidence(None, None, "PyPI, the default index"))


def _ssl_context() -> ssl.SSLContext:
    cafile = os.environ.get("PIP_CERT") or (_from_pip_conf("cert") or ("", ""))[0]
    cafile = cafile or os.environ.get("SSL_CERT_FILE") or os.environ.get("REQUESTS_CA_BUNDLE") or ""
    if cafile and Path(cafile).is_file():
        return ssl.create_default_context(cafile=cafile)
    return ssl.create_default_context()


def http_fetch(url: str) -> tuple[int, str, bytes]:
    """GET ``url`` with the JSON simple API preferred, credentials from the URL sent as basic auth."""
    parts = urllib.parse.urlsplit(url)
    headers = {"Accept": _ACCEPT, "User-Agent": "genfile (+version lookup)"}
    if parts.username:
        user = urllib.parse.unquote(parts.username)
        secret = urllib.parse.unquote(parts.password or "")
        headers["Authorization"] = "Basic " + base64.b64encode(f"{user}:{secret}".encode()).decode()
        netloc = (parts.hostname or "") + (f":{parts.port}" if parts.port else "")
        url = urllib.parse.urlunsplit((parts.scheme, netloc, parts.path, parts.query, ""))
    request = urllib.request.Request(url, headers=headers)
    context = _ssl_context() if url.startswith("https:") else None
    try:
        with urllib.request.urlopen(request, timeout=TIMEOUT_S, context=context) as response:  # noqa: S310
            return response.status, response.headers.get("Content-Type", ""), response.read(30_000_000)
    except urllib.error.HTTPError as exc:
        return exc.code, "", b""


def _file_version(filename: str, name: str) -> str | None:
    m = _WHEEL.match(filename) if filename.endswith(".whl") else _SDIST.match(filename)
    if not m or normalize(m[1]) != name:
        return None
    return m[2]


def _parse(body: bytes, content_type: str, name: str) -> dict[str, list[dict[str, str | None]]]:
    """Files by version: ``{"2.9.9": [{"filename", "requires_python", "upload_time"}]}``."""
    versions: dict[str, list[dict[str, str | None]]] = {}
    if "json" in content_type:
        data = json.loads(body)
        entries = [
            (f.get("filename"), f.get("requires-python"), f.get("upload-time"), f.get("yanked"))
            for f in data.get("files", [])
            if isinstance(f, dict)
        ]
    else:
        text = body.decode("utf-8", "replace")
        entries = []
        for m in _ANCHOR.finditer(text):
            requires = _REQUIRES.search(m[0])
            entries.append(
                (html.unescape(m[2]).strip(), html.unescape(requires[1]) if requires else None, None, None)
            )
    for filename, requires, uploaded, yanked in entries:
        if not isinstance(filename, str) or yanked:
            continue
        version = _file_version(filename, name)
        if version is None:
            continue
        versions.setdefault(version, []).append(
            {
                "filename": filename,
                "requires_python": requires if isinstance(requires, str) and requires else None,
                "upload_time": uploaded if isinstance(uploaded, str) else None,
            }
        )
    return versions


def cache_dir() -> Path:
    base = os.environ.get("GENFILE_CACHE_DIR")
    if base:
        return Path(base)
    return Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "genfile"


def _cache_file(index: Index, name: str) -> Path:
    key = hashlib.sha256(index.url.encode()).hexdigest()[:16]
    return cache_dir() / "simple" / key / f"{name}.json"


def _cached(path: Path) -> dict[str, list[dict[str, str | None]]] | None:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        if time.time() - float(data["fetched"]) < CACHE_TTL_S and isinstance(data["versions"], dict):
            return dict(data["versions"])
    except (OSError, ValueError, KeyError, TypeError):
        pass
    return None


def _store(path: Path, versions: dict[str, list[dict[str, str | None]]]) -> None:
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_suffix(f".{os.getpid()}.tmp")
        tmp.write_text(json.dumps({"fetched": time.time(), "versions": versions}), encoding="utf-8")
        os.replace(tmp, path)
    except OSError:
        pass  # a cache that cannot be written only costs a request next time


def _lookup(index: Index, name: str, fetch: Fetch, use_cache: bool) -> dict[str, list[dict[str, str | None]]]:
    path = _cache_file(index, name)
    if use_cache and (hit := _cached(path)) is not None:
        return hit
    status, content_type, body = fetch(f"{index.url}/{urllib.parse.quote(name)}/")
    if status != 200:
        raise LookupError(f"{status}")
    versions = _parse(body, content_type, name)
    if use_cache:
        _store(path, versions)
    return versions


def _same_version(a: str, b: str) -> bool:
    def norm(v: str) -> tuple[str, ...]:
        parts = v.lower().lstrip("v").split(".")
        while len(parts) > 1 and parts[-1] == "0":
            parts.pop()
        return tuple(parts)

    return norm(a) == norm(b)


@dataclass(frozen=True)
class Lookup:
    releases: tuple[Release, ...]
    asked: int  # packages asked about
    failed: tuple[str, ...]  # names the index did not answer for (timeout, error)
    skipped: str = ""  # why the index was not asked at all ("offline")


def releases(
    pins: Iterable[tuple[str, str, Evidence]],
    index: Index,
    *,
    fetch: Fetch | None = None,
    use_cache: bool = True,
) -> Lookup:
    """The files, Python range and upload date of each pinned ``(name, version, evidence)``."""
    pins = list(pins)[:MAX_PACKAGES]
    if not pins:
        return Lookup((), 0, ())
    if offline() and fetch is None:
        return Lookup((), 0, (), "offline")
    fetcher = fetch or http_fetch
    found: list[Release] = []
    failed: list[str] = []
    pool = ThreadPoolExecutor(max_workers=8)
    try:
        futures = {
            pool.submit(_lookup, index, normalize(n), fetcher, use_cache): (n, v, ev) for n, v, ev in pins
        }
        done, pending = wait(futures, timeout=DEADLINE_S)
        for future in pending:
            failed.append(futures[future][0])
            future.cancel()
        for future in done:
            name, version, evidence = futures[future]
            try:
                versions = future.result()
            except (OSError, ValueError, LookupError, ssl.SSLError):
                failed.append(name)
                continue
            files = next((fs for v, fs in versions.items() if _same_version(v, version)), None)
            if not files:
                failed.append(name)
                continue
            requires = next((f["requires_python"] for f in files if f.get("requires_python")), None)
            times = sorted(str(f["upload_time"])[:10] for f in files if f.get("upload_time"))
            found.append(
                Release(
                    normalize(name),
                    version,
                    tuple(str(f["filename"]) for f in files),
                    requires,
                    times[0] if times else None,
                    evidence,
                )
            )
    finally:
        pool.shutdown(wait=False, cancel_futures=True)
    found.sort(key=lambda r: r.name)
    return Lookup(tuple(found), len(pins), tuple(sorted(failed)))
