"""The detector registry: every language genfile knows, in a deliberate order.

Each entry implements :class:`~genfile.detectors.contract.Detector`. Adding a language is one
package here (its ``detect`` and ``plan``), one line below, and one stack folder.
"""

from __future__ import annotations

from genfile.detectors import go, node, python, static
from genfile.detectors.contract import Detector

# Order is a decision, though a narrow one: which language wins in a folder that holds more
# than one is decided by evidence (genfile.pipeline.choose: the strongest claim to how the
# app starts), and this order only lists them, and breaks a tie between equally strong
# claims (then a warning names the other). Python first: a Python service with a
# package.json for its assets is the commonest mix; Node before Go, whose repositories
# rarely carry a package.json that starts anything. Static sites last: an index.html is as
# often another project's page or asset, and the static detector steps aside (returns None)
# wherever a manifest of another language is present.
DETECTORS: tuple[Detector, ...] = (python.DETECTOR, node.DETECTOR, go.DETECTOR, static.DETECTOR)


def by_ecosystem(name: str) -> Detector:
    """The detector of ``name`` (``python``, ``node``, ``go``)."""
    return next(d for d in DETECTORS if d.ecosystem == name)
