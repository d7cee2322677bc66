"""Version ranges as intervals: does a range allow any release of an image line?

Each clause of a range (``>=3.9``, ``^20.11``, ``!=3.13.*``) is an interval of versions, to
keep or to exclude; a conjunction of clauses keeps the intersection of its intervals minus the
exclusions. Checking a line costs one pass over the clauses (a range of 16,000 clauses is
judged as fast as it is read), where trying every release against every clause did not.
Versions are ``(major, minor, patch)`` tuples; a line is the half-open interval of its releases.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

# A real range is a few clauses; anything far longer is not one (and is not worth reading).
MAX_RANGE = 500

Version = tuple[int, int, int]
LOWEST: Version = (-1, 0, 0)
HIGHEST: Version = (10**9, 0, 0)


@dataclass(frozen=True)
class Interval:
    """Versions ``low <= v < high``; ``exclude``: the clause removes them instead."""

    low: Version = LOWEST
    high: Version = HIGHEST
    exclude: bool = False


def pad(parts: tuple[int, ...]) -> Version:
    """``(3, 11)`` → ``(3, 11, 0)``; extra parts beyond the patch are dropped."""
    full = (*parts, 0, 0, 0)
    return (full[0], full[1], full[2])


def after(parts: tuple[int, ...]) -> Version:
    """The first version past every version that starts with ``parts``: ``(3, 11)`` → ``(3, 12, 0)``."""
    if not parts:
        return HIGHEST
    return pad((*parts[:-1], parts[-1] + 1))


def next_patch(v: Version) -> Version:
    return (v[0], v[1], v[2] + 1)


def overlaps(clauses: Iterable[Interval], low: Version, high: Version) -> bool:
    """Whether some version in ``[low, high)`` satisfies every clause (one conjunction)."""
    excluded: list[tuple[Version, Version]] = []
    for clause in clauses:
        if clause.exclude:
            excluded.append((clause.low, clause.high))
        else:
            low, high = max(low, clause.low), min(high, clause.high)
            if low >= high:
                return False
    # What is left must not be covered end to end by the exclusions: sweep them in order.
    for start, end in sorted(excluded):
        if start > low:
            return True
        low = max(low, end)
        if low >= high:
            return False
    return low < high
