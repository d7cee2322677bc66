"""Node versions: where a project states its version, and genfile's defaults (kept here only).

Sources, strongest first: ``.nvmrc``, ``.node-version``, mise's and asdf's files
(:mod:`genfile.version_files`),
Volta's ``volta.node`` in package.json, then the ``engines.node`` range, from which the newest
LTS line it allows is taken. An explicit pin outside ``engines.node`` is reported. The image
tag uses the major line (``node:22-alpine``): it keeps receiving security fixes, and the
exact version a project pinned is quoted in the evidence.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from genfile import lifecycles, version_files
from genfile.detectors.node import manifest
from genfile.evidence import Evidence, Fact, strongest_pin
from genfile.repo import Repo
from genfile.version_ranges import MAX_RANGE, Interval, after, next_patch, overlaps, pad

# By today's date (genfile.lifecycles holds the schedule): the newest line in active LTS is
# the default; supported LTS lines are what a range resolves to; every released line is known.
DEFAULT_NODE = lifecycles.newest_lts("node")
LTS_LINES = lifecycles.lts_lines("node")
KNOWN_LINES = lifecycles.released("node")
# nvm's LTS code names.
LTS_NAMES = {"argon": "4", "boron": "6", "carbon": "8", "dubnium": "10", "erbium": "12"}
LTS_NAMES |= {"fermium": "14", "gallium": "16", "hydrogen": "18", "iron": "20", "jod": "22", "krypton": "24"}

# Tools genfile installs itself in build stages (never in the final image), pinned.
BUN_VERSION = "1.3.5"

_VERSION = re.compile(r"^v?(\d{1,3})(?:\.(\d{1,4}|x|\*))?(?:\.(\d{1,4}|x|\*))?$", re.I)
_COMPARATOR = re.compile(
    r"^(>=|<=|>|<|=|\^|~>?)?\s*v?(\d+|x|\*)(?:\.(\d+|x|\*))?(?:\.(\d+|x|\*))?(?:-[\w.]+)?$"
)


def _major(text: str) -> str | None:
    """The major line of an exact-ish version (``v20.11.1``, ``22``, ``lts/iron``)."""
    value = text.strip()
    if value.lower().startswith("lts/"):
        code = value[4:].lower()
        return DEFAULT_NODE if code in ("*", "latest") else LTS_NAMES.get(code)
    if value.lower() in ("node", "stable", "latest", "current", "lts"):
        return DEFAULT_NODE
    m = _VERSION.match(value)
    return m[1] if m else None


def _parts(m: re.Match[str]) -> tuple[int | None, ...]:
    return tuple(None if p is None or p.lower() in ("x", "*") else int(p) for p in (m[2], m[3], m[4]))


def _interval(comparator: str) -> Interval | None:
    """One npm semver comparator (``>=18``, ``^20.11``, ``~22.1.0``, ``20.x``) as an interval;
    None: no constraint (``*``, ``x``, or syntax genfile does not know)."""
    m = _COMPARATOR.match(comparator.strip())
    if not m:
        return None
    op = m[1] or "="
    major, minor, patch = _parts(m)
    if major is None:
        return None
    given = tuple(p for p in (major, minor, patch) if p is not None)
    low = (major, minor or 0, patch or 0)
    if op == "=":
        return Interval(pad(given), after(given))
    if op == ">=":
        return Interval(low)
    if op == ">":
        return Interval(after(given) if len(given) < 3 else next_patch(low))
    if op == "<":
        return Interval(high=low)
    if op == "<=":
        return Interval(high=after(given) if len(given) < 3 else next_patch(low))
    if op == "^":
        return Interval(low, after((major,)) if major > 0 else after((0, minor or 0)))
    if op.startswith("~"):
        return Interval(low, after((major, minor)) if minor is not None else after((major,)))
    return None


def allowed(spec: str, candidates: Iterable[str] = KNOWN_LINES) -> list[str]:
    """The major lines with at least one release inside the npm semver range ``spec``
    (linear in its length: each comparator is read once, as an interval)."""
    alternatives: list[list[Interval]] = []
    for alternative in spec.split("||"):
        alt = alternative.strip()
        hyphen = re.match(r"^(\S+)\s+-\s+(\S+)$", alt)
        if hyphen:
            low, high = hyphen[1], hyphen[2]
            # A partial upper bound includes its whole line: "18 - 20" allows 20.x.
            high_parts = high.lstrip("v").split(".")
            upper = (
                f"<={high}"
                if len(high_parts) >= 3 or not high_parts[0].isdigit()
                else f"<{int(high_parts[0]) + 1}"
            )
            comparators = [f">={low}", upper]
        else:
            comparators = re.findall(r"(?:>=|<=|>|<|=|\^|~>?)?\s*v?[\dx*]+(?:\.[\dx*]+)*(?:-[\w.]+)?", alt)
        alternatives.append([i for c in comparators if (i := _interval(c)) is not None])
    return [
        line
        for line in candidates
        if any(overlaps(clauses, (int(line), 0, 0), (int(line) + 1, 0, 0)) for clauses in alternatives)
    ]


def pick_from_range(spec: str) -> str | None:
    """The newest LTS line the range allows (not newer than the default), else any line."""
    ok = allowed(spec)
    for line in LTS_LINES:
        if line in ok and int(line) <= int(DEFAULT_NODE):
            return line
    return ok[0] if ok else None


def _first_line(repo: Repo, rel: str) -> tuple[str, int] | None:
    for number, line in enumerate(repo.lines(rel), start=1):
        text = line.split("#", 1)[0].strip()
        if text:
            return text, number
    return None


def detect(repo: Repo, engines_node: str | None, volta_node: str | None) -> tuple[Fact, list[str]]:
    """The Node line to build with, its evidence, and warnings about conflicts."""
    warnings: list[str] = []
    if engines_node and len(engines_node) > MAX_RANGE:
        warnings.append(
            f"{manifest.MANIFEST}: engines.node is {len(engines_node)} characters long, not a range: ignored"
        )
        engines_node = None
    pins: list[tuple[str, Evidence]] = []
    for rel in (".nvmrc", ".node-version"):
        if repo.is_file(rel) and (found := _first_line(repo, rel)):
            text, number = found
            major = _major(text)
            if major:
                pins.append((major, Evidence(rel, number, manifest.clean_note(text))))
            else:
                warnings.append(
                    f"{rel}:{number}: {manifest.clean_note(text, 40)!r} is not a Node version; ignored"
                )
    for raw, evidence in version_files.pins(repo, "node", "nodejs"):
        if major := _major(raw):
            pins.append((major, evidence))
    if volta_node and (major := _major(volta_node)):
        pins.append((major, manifest.evidence(repo, "volta", "node", note=f"volta.node {volta_node}")))

    engines_ev = manifest.evidence(repo, "engines", "node", note=f"engines.node {engines_node}")
    if pins:
        version, evidence, conflicts = strongest_pin("Node", pins)
        warnings += conflicts
        if engines_node and version not in allowed(engines_node, (version,)):
            warnings.append(
                f"Node {version} from {evidence.where()} is outside engines.node "
                f"{manifest.clean_note(engines_node, 40)!r} ({engines_ev.where()})"
            )
        _warn_line(version, evidence, warnings)
        return Fact("node version", version, (evidence,)), warnings

    if engines_node:
        picked = pick_from_range(engines_node)
        if picked:
            note = f"engines.node {engines_node!r} allows {picked}"
            ev = Evidence(engines_ev.file, engines_ev.line, manifest.clean_note(note))
            _warn_line(picked, ev, warnings)
            return Fact("node version", picked, (ev,)), warnings
        warnings.append(
            f"engines.node {manifest.clean_note(engines_node, 40)!r} ({engines_ev.where()}) allows no "
            f"known Node line; using {DEFAULT_NODE}"
        )
    return Fact(
        "node version", DEFAULT_NODE, (Evidence(None, None, "current LTS, genfile default"),)
    ), warnings


BUN_LINE = "1"  # oven/bun's major line (no Bun 2 yet): the default image tag


def detect_bun(repo: Repo, pkg: manifest.PackageJson) -> tuple[Fact, list[str]]:
    """The Bun line to run on: ``.bun-version``, mise/asdf, ``packageManager: bun@x``, then
    ``engines.bun``; the image tag is the major line (``oven/bun:1-slim``), the exact pin is
    quoted in the evidence."""
    warnings: list[str] = []
    pins: list[tuple[str, Evidence]] = []
    if repo.is_file(".bun-version") and (found := _first_line(repo, ".bun-version")):
        text, number = found
        m = _VERSION.match(text)
        if m:
            pins.append((m[1], Evidence(".bun-version", number, manifest.clean_note(text))))
        else:
            warnings.append(
                f".bun-version:{number}: {manifest.clean_note(text, 40)!r} is not a Bun version; ignored"
            )
    for raw, evidence in version_files.pins(repo, "bun"):
        if (m := _VERSION.match(raw.strip())) is not None:
            pins.append((m[1], evidence))
    raw_pm = pkg.package_manager or ""
    if raw_pm.startswith("bun@") and (m := _VERSION.match(raw_pm[4:].split("+", 1)[0])) is not None:
        pins.append((m[1], manifest.evidence(repo, "packageManager", note=f"packageManager {raw_pm}")))
    if pins:
        version, evidence, conflicts = strongest_pin("Bun", pins)
        return Fact("bun version", version, (evidence,)), warnings + conflicts
    spec = pkg.engine("bun")
    if spec and len(spec) <= MAX_RANGE:
        lines = allowed(spec, (BUN_LINE,))
        ev = manifest.evidence(repo, "engines", "bun", note=f"engines.bun {spec}")
        if lines:
            return Fact("bun version", BUN_LINE, (ev,)), warnings
        warnings.append(
            f"engines.bun {manifest.clean_note(spec, 40)!r} ({ev.where()}) allows no Bun 1 release; using 1"
        )
    return Fact(
        "bun version", BUN_LINE, (Evidence(None, None, "Bun's current major line, genfile default"),)
    ), warnings


def _warn_line(version: str, evidence: Evidence, warnings: list[str]) -> None:
    if lifecycles.end_of_life("node", version) or (int(version) < int(KNOWN_LINES[-1])):
        warnings.append(
            f"Node {version} ({evidence.where()}) is end-of-life: it gets no security fixes; "
            f"upgrade to {DEFAULT_NODE}"
        )
    elif int(version) % 2 == 1:
        warnings.append(
            f"Node {version} ({evidence.where()}) is not an LTS line: odd releases are supported "
            "for six months only"
        )
