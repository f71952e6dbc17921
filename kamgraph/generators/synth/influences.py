"""The influences table: links up the hierarchy, across it, and a few conflicts."""

from __future__ import annotations

import random

from kamgraph.generators.synth.common import DEC, OPS, Rows
from kamgraph.generators.synth.org import Org
from kamgraph.generators.synth.people import Staff
from kamgraph.interchange.model import InfluenceKind, Polarity

_EVIDENCE_UP = (
    "",
    "",
    "Prepares the decisions.",
    "Trusted adviser in the staff meeting.",
    "Writes the recommendations.",
    "Long-time lieutenant.",
)
_EVIDENCE_ACROSS = (
    "",
    "",
    "Worked together for years.",
    "Same steering committee.",
    "Studied together.",
    "Neighbours; kids in the same school.",
    "Joint programme board.",
)
_EVIDENCE_CONFLICT = (
    "Turf war over budget ownership.",
    "Disagree on vendor strategy.",
    "Escalation over a failed project.",
    "Competing for the same promotion.",
)
_CONFIDENCES = (1.0, 1.0, 1.0, 0.9, 0.8, 0.7, 0.6, 0.5)
_ACROSS_KINDS: tuple[InfluenceKind, ...] = ("friendship", "advice", "advice", "other", "family")


class _Links:
    """The influence rows of one account, at most one per (source, target, kind)."""

    def __init__(self, rng: random.Random, rows: Rows, pid: list[str]) -> None:
        self.rng = rng
        self.rows = rows
        self.pid = pid
        self.seen: set[tuple[int, int, str]] = set()

    def add(
        self, src: int, dst: int, strength: float, kind: InfluenceKind, polarity: Polarity, ev: str
    ) -> None:
        key = (src, dst, kind)
        if src == dst or key in self.seen:
            return
        self.seen.add(key)
        self.rows.append(
            {
                "source": self.pid[src],
                "target": self.pid[dst],
                "strength": strength,
                "kind": kind,
                "polarity": polarity,
                "confidence": self.rng.choice(_CONFIDENCES),
                "evidence": ev,
                "since": None,
                "until": None,
            }
        )


def influences(rng: random.Random, rows: Rows, org: Org, staff: Staff) -> None:
    links = _Links(rng, rows, org.pid)
    influence = links.add
    parent, layer, until_off = org.parent, org.layer, staff.until_off
    stable = staff.stable
    for i in stable:
        p = parent[i]
        if p < 0 or until_off[p] >= 0:
            continue
        if rng.random() < (0.55 if layer[i] != OPS else 0.15):
            kind: InfluenceKind = "advice" if rng.random() < 0.7 else "formal"
            influence(
                i, p, round(rng.uniform(0.3, 0.9), 2), kind, "positive", rng.choice(_EVIDENCE_UP)
            )
        if layer[p] == DEC and rng.random() < 0.05:
            influence(
                p,
                i,
                round(rng.uniform(0.4, 0.8), 2),
                "sponsor",
                "positive",
                "Sponsors this person's programme.",
            )
    senior = [i for i in stable if layer[i] != OPS] or stable
    for _ in range(max(1, org.n // 25)):
        a, b = rng.choice(stable), rng.choice(senior)
        kind = rng.choice(_ACROSS_KINDS)
        influence(
            a, b, round(rng.uniform(0.2, 0.8), 2), kind, "positive", rng.choice(_EVIDENCE_ACROSS)
        )
    for _ in range(max(1, org.n // 150)):
        a, b = rng.choice(senior), rng.choice(senior)
        influence(
            a,
            b,
            round(rng.uniform(0.3, 0.8), 2),
            "other",
            "conflict",
            rng.choice(_EVIDENCE_CONFLICT),
        )
