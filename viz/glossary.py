"""The words the pages use for a relationship and a stance, with what each means at the
thresholds in effect: one table, shown by the workspace's glossary page and inside every offline
page that uses the words, so the two sets of relationship words are explained in one place."""

from __future__ import annotations

from kamgraph.analysis.config import AnalysisSettings

Glossary = list[tuple[str, str, list[tuple[str, str]]]]  # (heading, why, [(word, meaning)])


def glossary(cfg: AnalysisSettings | None = None) -> Glossary:
    cfg = cfg or AnalysisSettings()
    strong, weak, days = f"{cfg.strong:g}", f"{cfg.weak:g}", cfg.decay_window_days
    drop = f"{cfg.drop_cooling:.0%}"
    return [
        (
            "How strong a relationship is on one day",
            "Coverage, the review's movements and the brief's strengths: the strength (0 to 1) of "
            "one seller with one person on that day, from their interactions and what the seller "
            "declared, fading with time.",
            [
                ("strong", f"strength {strong} or more"),
                ("weak", f"strength {weak} or more, below {strong}"),
                ("cold", f"strength below {weak}"),
            ],
        ),
        (
            f"Where a relationship is heading (the last {days} days)",
            "Decay, the maps' relationship marks and lines, the home and seller pages: the same "
            f"strength, compared with {days} days before, so that a strong relationship that is "
            "fading is called out before it is weak.",
            [
                ("active", f"strong (≥ {strong}) and down by less than {drop}"),
                ("cooling", f"weak ({weak} to {strong}), or strong but down by {drop} or more"),
                ("cold", f"strength below {weak}: the same as the band"),
            ],
        ),
        (
            "Where someone stands on a deal (stance)",
            "The fill colour of a person on a power map; a person without a role on the deal(s) "
            "shown is white.",
            [
                ("mentor", "wants us to win and guides us"),
                ("supporter", "prefers us"),
                ("neutral", "no preference"),
                ("non supporter", "prefers another outcome"),
                ("enemy", "works against us"),
                ("unknown", "has a buying role, but nobody knows where they stand"),
            ],
        ),
    ]
