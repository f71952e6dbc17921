"""The reports_to table: solid lines along the org tree, a few dotted ones across units."""

from __future__ import annotations

import random

from kamgraph.generators.synth.common import Days, Rows
from kamgraph.generators.synth.org import Org
from kamgraph.generators.synth.people import Staff


def reports_to(rng: random.Random, rows: Rows, org: Org, staff: Staff, days: Days) -> None:
    n, pid, parent = org.n, org.pid, org.parent
    since_off, until_off, dates = staff.since_off, staff.until_off, days.past
    for i in range(1, n):
        rows.append(
            {
                "person": pid[i],
                "manager": pid[parent[i]],
                "kind": "solid",
                "since": dates[since_off[i]] if since_off[i] >= 0 else None,
                "until": dates[until_off[i]] if until_off[i] >= 0 else None,
            }
        )
    stable = staff.stable
    managers = [i for i in stable if org.n_children[i] and org.depth[i] in (1, 2)]
    dotted: set[tuple[int, int]] = set()
    if managers and stable:
        for _ in range(max(1, n // 100)):
            i = rng.choice(stable)
            m = rng.choice(managers)
            if m in (i, parent[i]) or org.unit_of[m] == org.unit_of[i] or (i, m) in dotted:
                continue
            dotted.add((i, m))
            rows.append(
                {
                    "person": pid[i],
                    "manager": pid[m],
                    "kind": "dotted",
                    "since": None,
                    "until": None,
                }
            )
