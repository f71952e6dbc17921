"""A deterministic, realistic sample key account in the ``kamgraph/v1`` format.

The sample is *Nordwind Telecom*, a Nordic telecom operator, written for the reference date
:data:`SAMPLE_AS_OF`. People, units, the reporting tree, influence links, the account team, declared
relationships, opportunities, buying roles, actions and activity targets are written by hand; the
interaction history (about 18 months up to :data:`SAMPLE_AS_OF`) is generated from hand-written
contact cadences with a seeded :class:`random.Random`, plus hand-written organization-level events.

Situations built in on purpose (the analyses are tested against them):

* ``nw-o2`` (OSS/BSS automation, open) has no ``coach``.
* ``nw-p04`` (CIO) is the economic buyer of ``nw-o2`` in ``overconfident`` mode.
* ``nw-p02`` (CFO) is the economic buyer of the main deal ``nw-o1`` and has no relationship and no
  interaction with any seller.
* ``nw-p09`` (VP Network Engineering) is an ``enemy`` with ``high`` influence on ``nw-o1``.
* ``nw-p15`` (former VP Network Operations) left on 2026-08-31 and still holds a role on ``nw-o1``.
* ``s1`` (the account responsible) is the only seller covering several key persons (``nw-p05``,
  ``nw-p06``, ``nw-p08``, ``nw-p27``).
* Decaying relationships, frequent a year ago and silent for about five months: ``s2``-``nw-p20``,
  ``s4``-``nw-p07`` and ``s5``-``nw-p34``.

Run ``python -m kamgraph.generators.sample`` (or this file) to write ``kamgraph/data/sample.json``.
"""

from __future__ import annotations

import datetime
import json
import math
import random
import unicodedata
from pathlib import Path
from typing import Any

SAMPLE_AS_OF = datetime.date(2026, 11, 20)
SAMPLE_ACCOUNT = "nordwind"

_SEED = 20261120
_HISTORY_START = datetime.date(2025, 5, 21)  # 18 months before SAMPLE_AS_OF
_EMAIL_DOMAIN = "nordwind.example"
_A = SAMPLE_ACCOUNT

# The tables below are laid out by hand, one row per entry.
# fmt: off
# --------------------------------------------------------------------------------------------------
# Units: (id, name, function, parent)
_UNITS: list[tuple[str, str, str, str | None]] = [
    ("nw-board", "Executive Board", "management", None),
    ("nw-strat", "Strategy & Transformation", "management", "nw-board"),
    ("nw-tech", "Technology & Network", "technical", "nw-board"),
    ("nw-neteng", "Network Engineering", "technical", "nw-tech"),
    ("nw-netops", "Network Operations", "technical", "nw-tech"),
    ("nw-it", "IT & Digital", "technical", "nw-board"),
    ("nw-arch", "Enterprise Architecture", "technical", "nw-it"),
    ("nw-fin", "Finance", "finance", "nw-board"),
    ("nw-proc", "Procurement", "procurement", "nw-fin"),
    ("nw-ops", "Operations", "user", "nw-board"),
    ("nw-field", "Field Services", "user", "nw-ops"),
    ("nw-cs", "Customer Service", "user", "nw-ops"),
    ("nw-comm", "Consumer & Enterprise Business", "other", "nw-board"),
]

# People: (id, unit, name, title, layer, political_status, style, interests, profile, since, until)
_Person = tuple[str, str, str, str, str, str, str, list[str], str, str | None, str | None]
_PEOPLE: list[_Person] = [
    ("nw-p01", "nw-board", "Sven Andersen", "Chief Executive Officer", "decision", "inner_circle",
     "driver", ["sailing", "cross-country skiing"],
     "CEO since 2021; ex-CFO of a Nordic cable operator. Wants Nordwind to be the 5G enterprise "
     "leader in the region; board pushes for capex discipline.", None, None),
    ("nw-p02", "nw-fin", "Katrin Vogel", "Chief Financial Officer", "decision", "inner_circle",
     "analytical", ["opera", "marathon running"],
     "Joined from a German utility in 2024. Chairs the investment committee; every capex item "
     "above EUR 1m needs her sign-off. We have never met her.", None, None),
    ("nw-p03", "nw-tech", "Mikael Lindqvist", "Chief Technology Officer", "decision",
     "inner_circle", "driver", ["motorsport", "jazz"],
     "Owns the 5G standalone roadmap. Pragmatic, impatient with vendor slideware; values live "
     "demos and reference sites.", None, None),
    ("nw-p04", "nw-it", "Anja Brandt", "Chief Information Officer", "decision", "structure",
     "expressive", ["triathlon"],
     "Runs IT & Digital; believes her in-house automation team can build the OSS/BSS automation "
     "layer themselves.", None, None),
    ("nw-p05", "nw-ops", "Thomas Reuter", "Chief Operating Officer", "decision", "inner_circle",
     "amiable", ["football", "fly fishing"],
     "Long-standing sponsor of the managed NOC service; measures everything by customer minutes "
     "lost.", None, None),
    ("nw-p06", "nw-comm", "Sofie Dahl", "Chief Commercial Officer", "decision", "structure",
     "expressive", ["design", "tennis"],
     "Owns consumer and enterprise revenue; needs 5G slicing products for enterprise customers.",
     None, None),
    ("nw-p07", "nw-strat", "Lars Eriksen", "Chief Strategy Officer", "decision", "structure",
     "amiable", ["sailing", "history"],
     "Studied with the CEO; drives the 2028 transformation programme. Our exec sponsor used to see "
     "him regularly.", None, None),
    ("nw-p08", "nw-board", "Julia Becker", "Chief of Staff to the CEO", "management",
     "inner_circle", "analytical", ["yoga"],
     "Prepares all board papers and the CEO's agenda; decides what reaches the board.", None, None),
    ("nw-p09", "nw-neteng", "Henrik Nyberg", "VP Network Engineering", "management", "structure",
     "analytical", ["chess", "hunting"],
     "Built the current core with the incumbent vendor; sees our 5G core as a risk to his team.",
     None, None),
    ("nw-p10", "nw-neteng", "Maja Petersen", "Director Core Network", "management", "structure",
     "amiable", ["climbing", "podcasts"],
     "Champions a multi-vendor core; our coach on the 5G core deal.", None, None),
    ("nw-p11", "nw-neteng", "Ole Hansen", "Senior Core Network Engineer", "operation", "outside",
     "analytical", ["home automation"], "Ran most of the lab trial.", None, None),
    ("nw-p12", "nw-neteng", "Nina Kowalski", "Radio Network Planning Manager", "management",
     "outside", "analytical", ["photography"], "", None, None),
    ("nw-p13", "nw-neteng", "Emil Strand", "Transport Network Engineer", "operation", "outside",
     "amiable", ["cycling"], "", None, None),
    ("nw-p14", "nw-netops", "Fatima Rahimi", "VP Network Operations", "management", "structure",
     "driver", ["running", "cooking"],
     "Joined in September 2026 from a mobile operator; successor of Bernd Keller.",
     "2026-09-15", None),
    ("nw-p15", "nw-netops", "Bernd Keller", "VP Network Operations (former)", "management",
     "structure", "amiable", ["football", "wine"],
     "Supported the managed NOC deal and the 5G core; left Nordwind at the end of August 2026.",
     None, "2026-08-31"),
    ("nw-p16", "nw-netops", "Daniel Wójcik", "NOC Manager", "management", "outside", "driver",
     ["football"], "Day-to-day owner of the managed NOC service.", None, None),
    ("nw-p17", "nw-netops", "Ingrid Solberg", "Service Assurance Lead", "operation", "outside",
     "analytical", ["knitting"], "", None, None),
    ("nw-p18", "nw-netops", "Ahmed Yilmaz", "NOC Shift Lead", "operation", "outside", "amiable",
     ["basketball"], "", None, None),
    ("nw-p19", "nw-neteng", "Clara Jensen", "Network Security Architect", "operation", "outside",
     "analytical", ["CTF competitions"], "", None, None),
    ("nw-p20", "nw-arch", "Markus Weber", "Head of Enterprise Architecture", "management",
     "structure", "analytical", ["astronomy"],
     "Was our main contact in IT; after the architecture board reshuffle he went quiet.",
     None, None),
    ("nw-p21", "nw-it", "Elena Rossi", "OSS/BSS Platform Manager", "management", "outside",
     "expressive", ["salsa"], "Owns the OSS/BSS roadmap; wants automation to cut incident time.",
     None, None),
    ("nw-p22", "nw-arch", "Jan Kowalczyk", "Solution Architect OSS", "operation", "outside",
     "analytical", ["board games"], "", None, None),
    ("nw-p23", "nw-it", "Tobias Schmid", "DevOps Lead", "operation", "outside", "driver",
     ["mountain biking"], "", None, None),
    ("nw-p24", "nw-it", "Lea Fischer", "IT Security Officer", "management", "outside",
     "analytical", [], "", None, None),
    ("nw-p25", "nw-fin", "Peter Holm", "Head of Controlling", "management", "structure",
     "analytical", ["golf"], "Builds every business case the CFO signs.", None, None),
    ("nw-p26", "nw-fin", "Karin Nilsson", "Financial Business Partner Technology", "operation",
     "outside", "amiable", [], "", None, None),
    ("nw-p27", "nw-proc", "Stefan Gruber", "Head of Procurement", "management", "structure",
     "driver", ["ice hockey"], "Tough negotiator; pushes for a multi-vendor tender on every deal.",
     None, None),
    ("nw-p28", "nw-proc", "Mia Lund", "Category Manager Network & IT", "operation", "outside",
     "analytical", [], "", None, None),
    ("nw-p29", "nw-proc", "Viktor Novak", "Senior Buyer", "operation", "outside", "amiable", [],
     "", None, None),
    ("nw-p30", "nw-field", "Hanna Berg", "Director Field Services", "management", "structure",
     "driver", ["horse riding"], "Runs 600 field technicians; wants fewer repeat truck rolls.",
     None, None),
    ("nw-p31", "nw-field", "Rasmus Koch", "Field Operations Manager North", "management",
     "outside", "amiable", ["fishing"], "", None, None),
    ("nw-p32", "nw-field", "Sara Koch", "Field Technician Team Lead", "operation", "outside",
     "amiable", ["skiing"], "", None, None),
    ("nw-p33", "nw-field", "Jonas Meyer", "Workforce Planning Analyst", "operation", "outside",
     "analytical", [], "", None, None),
    ("nw-p34", "nw-cs", "Laura Schulz", "Director Customer Service", "management", "structure",
     "expressive", ["theatre"],
     "Sponsored the AI assistant bid we lost in February; disappointed since.", None, None),
    ("nw-p35", "nw-cs", "Erik Johansson", "Contact Centre Manager", "management", "outside",
     "amiable", ["football"], "", None, None),
    ("nw-p36", "nw-cs", "Amira Haddad", "Customer Experience Analyst", "operation", "outside",
     "analytical", ["volunteering"], "", None, None),
    ("nw-p37", "nw-cs", "Paul Neumann", "Service Desk Team Lead", "operation", "outside",
     "amiable", [], "", None, None),
    ("nw-p38", "nw-comm", "Linnea Carlsson", "Head of Enterprise Business", "management",
     "structure", "driver", ["padel"], "", None, None),
    ("nw-p39", "nw-comm", "Felix Wagner", "Product Manager 5G Enterprise", "operation", "outside",
     "expressive", ["gaming", "drones"], "Needs network slicing to launch private 5G products.",
     None, None),
    ("nw-p40", "nw-strat", "Greta Holmberg", "Head of Sustainability & CSR", "management",
     "outside", "amiable", ["gardening"], "", None, None),
    ("nw-p41", "nw-strat", "Nils Ekström", "Transformation Programme Manager", "management",
     "outside", "expressive", ["running"],
     "Joined in late 2025 to run the field digitalisation stream; our coach on field mobility.",
     "2025-11-01", None),
    ("nw-p42", "nw-board", "Maria Santos", "Executive Assistant to the CEO", "operation",
     "outside", "amiable", [], "Controls the CEO's diary.", None, None),
    ("nw-p43", "nw-neteng", "Jakob Horn", "Radio Access Engineer", "operation", "outside",
     "analytical", [], "", None, None),
    ("nw-p44", "nw-field", "Tove Aas", "Field Technician", "operation", "outside", "amiable", [],
     "", None, None),
]
_NO_EMAIL = {"nw-p33", "nw-p44"}

# Reporting lines: (person, manager, kind, since, until)
_REPORTS: list[tuple[str, str, str, str | None, str | None]] = [
    ("nw-p02", "nw-p01", "solid", None, None),
    ("nw-p03", "nw-p01", "solid", None, None),
    ("nw-p04", "nw-p01", "solid", None, None),
    ("nw-p05", "nw-p01", "solid", None, None),
    ("nw-p06", "nw-p01", "solid", None, None),
    ("nw-p07", "nw-p01", "solid", None, None),
    ("nw-p08", "nw-p01", "solid", None, None),
    ("nw-p42", "nw-p08", "solid", None, None),
    ("nw-p09", "nw-p03", "solid", None, None),
    ("nw-p15", "nw-p03", "solid", None, "2026-08-31"),
    ("nw-p14", "nw-p03", "solid", "2026-09-15", None),
    ("nw-p10", "nw-p09", "solid", None, None),
    ("nw-p12", "nw-p09", "solid", None, None),
    ("nw-p19", "nw-p09", "solid", None, None),
    ("nw-p11", "nw-p10", "solid", None, None),
    ("nw-p13", "nw-p10", "solid", None, None),
    ("nw-p43", "nw-p12", "solid", None, None),
    ("nw-p16", "nw-p15", "solid", None, "2026-08-31"),
    ("nw-p16", "nw-p14", "solid", "2026-09-15", None),
    ("nw-p17", "nw-p16", "solid", None, None),
    ("nw-p18", "nw-p16", "solid", None, None),
    ("nw-p20", "nw-p04", "solid", None, None),
    ("nw-p21", "nw-p04", "solid", None, None),
    ("nw-p24", "nw-p04", "solid", None, None),
    ("nw-p22", "nw-p20", "solid", None, None),
    ("nw-p23", "nw-p21", "solid", None, None),
    ("nw-p25", "nw-p02", "solid", None, None),
    ("nw-p27", "nw-p02", "solid", None, None),
    ("nw-p26", "nw-p25", "solid", None, None),
    ("nw-p28", "nw-p27", "solid", None, None),
    ("nw-p29", "nw-p27", "solid", None, None),
    ("nw-p30", "nw-p05", "solid", None, None),
    ("nw-p34", "nw-p05", "solid", None, None),
    ("nw-p31", "nw-p30", "solid", None, None),
    ("nw-p33", "nw-p30", "solid", None, None),
    ("nw-p32", "nw-p31", "solid", None, None),
    ("nw-p44", "nw-p31", "solid", None, None),
    ("nw-p35", "nw-p34", "solid", None, None),
    ("nw-p36", "nw-p34", "solid", None, None),
    ("nw-p37", "nw-p35", "solid", None, None),
    ("nw-p38", "nw-p06", "solid", None, None),
    ("nw-p39", "nw-p38", "solid", None, None),
    ("nw-p40", "nw-p07", "solid", None, None),
    ("nw-p41", "nw-p07", "solid", "2025-11-01", None),
    # dotted lines
    ("nw-p26", "nw-p03", "dotted", None, None),
    ("nw-p41", "nw-p04", "dotted", "2025-11-01", None),
    ("nw-p28", "nw-p09", "dotted", None, None),
]

# Influence links: (source, target, strength, kind, polarity, confidence, evidence, since, until)
_Influence = tuple[str, str, float, str, str, float, str, str | None, str | None]
_INFLUENCES: list[_Influence] = [
    ("nw-p08", "nw-p01", 0.7, "advice", "positive", 0.9,
     "Chief of staff prepares every board paper; CEO follows her recommendations.", None, None),
    ("nw-p03", "nw-p01", 0.8, "formal", "positive", 1.0,
     "CTO presents all network investments to the CEO.", None, None),
    ("nw-p02", "nw-p01", 0.7, "advice", "positive", 1.0,
     "CFO's investment-committee verdict is final input for the CEO.", None, None),
    ("nw-p07", "nw-p01", 0.6, "friendship", "positive", 0.8,
     "Studied together in Trondheim; sail together every summer.", None, None),
    ("nw-p05", "nw-p01", 0.6, "formal", "positive", 0.9, "COO reports weekly to the CEO.",
     None, None),
    ("nw-p06", "nw-p01", 0.5, "formal", "positive", 0.9, "CCO owns the revenue plan.", None, None),
    ("nw-p42", "nw-p01", 0.3, "other", "positive", 0.7, "Controls the CEO's diary.", None, None),
    ("nw-p01", "nw-p07", 0.6, "sponsor", "positive", 0.8,
     "CEO personally sponsors the 2028 transformation programme.", None, None),
    ("nw-p25", "nw-p02", 0.8, "advice", "positive", 0.9,
     "CFO relies on the head of controlling for every business case.", None, None),
    ("nw-p26", "nw-p02", 0.4, "advice", "positive", 0.6,
     "Presents the technology capex plan in the investment committee.", None, None),
    ("nw-p26", "nw-p25", 0.6, "formal", "positive", 1.0, "Works on the business cases daily.",
     None, None),
    ("nw-p27", "nw-p02", 0.6, "formal", "positive", 0.9,
     "Procurement reports supplier risk to the CFO.", None, None),
    ("nw-p03", "nw-p02", 0.5, "formal", "positive", 0.8,
     "Capex proposals from technology go through the CTO.", None, None),
    ("nw-p25", "nw-p27", 0.5, "friendship", "positive", 0.7, "Play golf together.", None, None),
    ("nw-p09", "nw-p03", 0.75, "advice", "positive", 1.0,
     "CTO's long-time lieutenant; built the current core.", None, None),
    ("nw-p10", "nw-p03", 0.6, "advice", "positive", 0.9,
     "CTO asks her for the technical recommendation on the core.", None, None),
    ("nw-p04", "nw-p03", 0.5, "advice", "positive", 0.7, "Co-chair the architecture board.",
     None, None),
    ("nw-p15", "nw-p03", 0.7, "advice", "positive", 1.0,
     "Trusted operations voice in the CTO's staff meeting.", None, "2026-08-31"),
    ("nw-p14", "nw-p03", 0.5, "advice", "positive", 0.6, "Hired by the CTO himself.",
     "2026-09-15", None),
    ("nw-p11", "nw-p09", 0.5, "advice", "positive", 0.8, "Writes the technical evaluations.",
     None, None),
    ("nw-p19", "nw-p09", 0.4, "advice", "positive", 0.7, "Security sign-off on core changes.",
     None, None),
    ("nw-p12", "nw-p10", 0.5, "friendship", "positive", 0.6, "Joined Nordwind together.",
     None, None),
    ("nw-p11", "nw-p10", 0.6, "advice", "positive", 0.9, "Ran the lab trial for her.",
     None, None),
    ("nw-p10", "nw-p20", 0.4, "advice", "positive", 0.6,
     "Both sit on the architecture board.", None, None),
    ("nw-p20", "nw-p04", 0.7, "advice", "positive", 0.9,
     "CIO's architect; writes the target architecture.", None, None),
    ("nw-p21", "nw-p04", 0.5, "advice", "positive", 0.8, "Owns the OSS/BSS roadmap.", None, None),
    ("nw-p41", "nw-p04", 0.4, "formal", "positive", 0.7,
     "Dotted line to the CIO for digital workstreams.", "2025-11-01", None),
    ("nw-p16", "nw-p14", 0.6, "advice", "positive", 0.7,
     "New VP leans on the NOC manager to learn the network.", "2026-09-15", None),
    ("nw-p16", "nw-p15", 0.6, "advice", "positive", 0.9, "Worked together for eight years.",
     None, "2026-08-31"),
    ("nw-p17", "nw-p21", 0.3, "other", "positive", 0.6,
     "Feeds incident data into the OSS roadmap.", None, None),
    ("nw-p30", "nw-p05", 0.7, "advice", "positive", 1.0, "COO's most trusted director.",
     None, None),
    ("nw-p34", "nw-p05", 0.5, "advice", "positive", 0.8, "", None, None),
    ("nw-p41", "nw-p30", 0.5, "advice", "positive", 0.8,
     "Runs the field digitalisation stream with her.", "2025-11-01", None),
    ("nw-p32", "nw-p31", 0.5, "family", "positive", 0.6, "Siblings.", None, None),
    ("nw-p31", "nw-p30", 0.5, "advice", "positive", 0.8, "", None, None),
    ("nw-p36", "nw-p34", 0.4, "advice", "positive", 0.7, "", None, None),
    ("nw-p35", "nw-p34", 0.5, "formal", "positive", 0.9, "", None, None),
    ("nw-p38", "nw-p06", 0.6, "advice", "positive", 0.9, "", None, None),
    ("nw-p39", "nw-p06", 0.5, "advice", "positive", 0.8,
     "CCO wants his 5G enterprise products launched in 2027.", None, None),
    ("nw-p39", "nw-p03", 0.3, "other", "positive", 0.5,
     "Raises slicing requirements directly with the CTO.", None, None),
    ("nw-p40", "nw-p07", 0.4, "advice", "positive", 0.7, "", None, None),
    ("nw-p40", "nw-p01", 0.2, "other", "positive", 0.5,
     "CEO chairs the sustainability council.", None, None),
    ("nw-p07", "nw-p41", 0.6, "sponsor", "positive", 0.9,
     "CSO hired him and sponsors his programme.", "2025-11-01", None),
    ("nw-p28", "nw-p27", 0.5, "formal", "positive", 0.9, "", None, None),
    # conflicts
    ("nw-p09", "nw-p04", 0.6, "other", "conflict", 0.8,
     "Turf war over who owns network automation (OSS).", None, None),
    ("nw-p09", "nw-p10", 0.4, "advice", "conflict", 0.7,
     "Disagree on vendor strategy: she wants multi-vendor, he wants the incumbent.", None, None),
    ("nw-p27", "nw-p30", 0.3, "other", "conflict", 0.6,
     "Escalation over the field equipment tender in 2025.", None, None),
]

# Sellers: (id, name, title, account-team role)
_SELLERS: list[tuple[str, str, str, str]] = [
    ("s1", "Lena Hoffmann", "Key Account Manager", "AR"),
    ("s2", "Marco Bianchi", "Senior Solution Architect", "SR"),
    ("s3", "Priya Raman", "Service Delivery Manager", "FR"),
    ("s4", "Jonas Berg", "SVP Sales EMEA", "exec_sponsor"),
    ("s5", "Elif Kaya", "Customer Success Manager", "other"),
]

# Declared relationships: (seller, person, level, target_level, since, assessed_on)
_RELATIONSHIPS: list[tuple[str, str, int, int | None, str | None, str | None]] = [
    ("s1", "nw-p01", 3, 4, "2022-03-01", "2026-09-15"),
    ("s1", "nw-p03", 3, 4, "2021-06-01", "2026-09-15"),
    ("s1", "nw-p05", 4, 4, "2019-10-01", "2026-09-15"),
    ("s1", "nw-p06", 2, 3, "2023-02-01", "2026-09-15"),
    ("s1", "nw-p08", 3, 3, "2022-05-01", "2026-06-30"),
    ("s1", "nw-p27", 2, 3, "2020-01-15", "2026-09-15"),
    ("s1", "nw-p30", 3, 3, "2021-03-01", "2026-06-30"),
    ("s1", "nw-p04", 2, 3, "2024-04-01", "2026-06-30"),
    ("s1", "nw-p42", 2, 2, "2022-03-01", None),
    ("s1", "nw-p15", 3, 3, "2020-09-01", "2026-03-31"),
    ("s1", "nw-p39", 2, 3, "2025-09-01", "2026-09-15"),
    ("s2", "nw-p10", 4, 4, "2021-01-10", "2026-10-01"),
    ("s2", "nw-p11", 3, 3, "2022-02-01", "2026-10-01"),
    ("s2", "nw-p09", 1, 3, "2021-01-10", "2026-10-01"),
    ("s2", "nw-p03", 2, 3, "2021-06-01", "2026-04-01"),
    ("s2", "nw-p20", 3, 3, "2020-11-01", "2026-01-15"),
    ("s2", "nw-p21", 2, 3, "2026-03-01", "2026-10-01"),
    ("s2", "nw-p19", 2, 2, "2023-05-01", None),
    ("s3", "nw-p16", 3, 4, "2022-09-01", "2026-10-15"),
    ("s3", "nw-p15", 4, 4, "2020-09-01", "2026-06-30"),
    ("s3", "nw-p17", 3, 3, "2022-09-01", "2026-10-15"),
    ("s3", "nw-p18", 2, 2, "2023-01-01", None),
    ("s3", "nw-p14", 1, 3, "2026-10-01", "2026-11-10"),
    ("s4", "nw-p01", 3, 4, "2020-05-01", "2026-10-02"),
    ("s4", "nw-p03", 2, 3, "2021-06-01", "2026-10-02"),
    ("s4", "nw-p07", 3, 4, "2019-03-01", "2025-12-10"),
    ("s5", "nw-p34", 2, 4, "2023-04-01", "2026-01-20"),
    ("s5", "nw-p35", 2, 3, "2023-04-01", "2026-01-20"),
    ("s5", "nw-p31", 2, 3, "2024-02-01", "2026-10-30"),
    ("s5", "nw-p41", 3, 4, "2026-03-01", "2026-10-30"),
    ("s5", "nw-p30", 2, 3, "2024-02-01", "2026-10-30"),
]

# Opportunities: (id, name, stage, value, close_date, active_from)
_OPPORTUNITIES: list[tuple[str, str, str, int, str, str]] = [
    ("nw-o1", "5G Standalone Core Modernisation", "negotiation", 4_800_000, "2027-03-31",
     "2025-10-01"),
    ("nw-o2", "OSS/BSS Automation Platform", "qualified", 1_650_000, "2027-06-30", "2026-05-15"),
    ("nw-o3", "Field Service Mobility Suite", "lead", 450_000, "2027-09-30", "2026-08-01"),
    ("nw-o4", "Managed NOC Services Renewal", "won", 2_100_000, "2026-05-29", "2025-05-21"),
    ("nw-o5", "AI Customer Care Assistant", "lost", 900_000, "2026-02-27", "2025-06-01"),
]

# Personal wins ("win-results") of a few role holders: what they want for themselves.
_WINS: dict[tuple[str, str, str], str] = {
    ("nw-o1", "nw-p02", "economic_buyer"): "A capex plan the board signs without a second round",
    ("nw-o1", "nw-p10", "coach"): "Recognition as the architect of the new core network",
    ("nw-o1", "nw-p09", "technical_buyer"): "Keeping the in-house platform team he built",
}

# Buying roles: (opportunity, person, role, stance, influence, response_mode)
_ROLES: list[tuple[str, str, str, str, str, str]] = [
    ("nw-o1", "nw-p02", "economic_buyer", "unknown", "high", "unknown"),
    ("nw-o1", "nw-p03", "decision_maker", "supporter", "high", "growth"),
    ("nw-o1", "nw-p09", "technical_buyer", "enemy", "high", "even_keel"),
    ("nw-o1", "nw-p11", "technical_buyer", "neutral", "low", "unknown"),
    ("nw-o1", "nw-p10", "coach", "mentor", "medium", "trouble"),
    ("nw-o1", "nw-p39", "user_buyer", "supporter", "medium", "growth"),
    ("nw-o1", "nw-p16", "user_buyer", "neutral", "medium", "trouble"),
    ("nw-o1", "nw-p27", "gatekeeper", "non_supporter", "medium", "even_keel"),
    ("nw-o1", "nw-p15", "influencer", "supporter", "medium", "growth"),
    ("nw-o1", "nw-p25", "influencer", "neutral", "medium", "unknown"),
    ("nw-o1", "nw-p26", "influencer", "neutral", "low", "unknown"),
    ("nw-o2", "nw-p04", "economic_buyer", "neutral", "high", "overconfident"),
    ("nw-o2", "nw-p21", "technical_buyer", "supporter", "medium", "trouble"),
    ("nw-o2", "nw-p22", "technical_buyer", "neutral", "low", "unknown"),
    ("nw-o2", "nw-p17", "user_buyer", "supporter", "low", "trouble"),
    ("nw-o2", "nw-p20", "influencer", "neutral", "medium", "even_keel"),
    ("nw-o2", "nw-p09", "influencer", "non_supporter", "medium", "even_keel"),
    ("nw-o2", "nw-p28", "gatekeeper", "neutral", "low", "unknown"),
    ("nw-o3", "nw-p05", "economic_buyer", "supporter", "high", "growth"),
    ("nw-o3", "nw-p30", "decision_maker", "supporter", "high", "trouble"),
    ("nw-o3", "nw-p41", "coach", "mentor", "medium", "growth"),
    ("nw-o3", "nw-p23", "technical_buyer", "neutral", "medium", "unknown"),
    ("nw-o3", "nw-p31", "user_buyer", "supporter", "medium", "trouble"),
    ("nw-o3", "nw-p32", "user_buyer", "supporter", "low", "growth"),
    ("nw-o3", "nw-p29", "gatekeeper", "neutral", "low", "unknown"),
    ("nw-o4", "nw-p05", "economic_buyer", "mentor", "high", "growth"),
    ("nw-o4", "nw-p15", "decision_maker", "supporter", "high", "trouble"),
    ("nw-o4", "nw-p16", "user_buyer", "supporter", "medium", "trouble"),
    ("nw-o4", "nw-p17", "coach", "supporter", "low", "growth"),
    ("nw-o4", "nw-p24", "technical_buyer", "neutral", "low", "even_keel"),
    ("nw-o4", "nw-p27", "gatekeeper", "neutral", "medium", "even_keel"),
    ("nw-o5", "nw-p06", "economic_buyer", "neutral", "high", "even_keel"),
    ("nw-o5", "nw-p34", "decision_maker", "supporter", "high", "trouble"),
    ("nw-o5", "nw-p35", "user_buyer", "supporter", "medium", "trouble"),
    ("nw-o5", "nw-p36", "influencer", "neutral", "low", "unknown"),
    ("nw-o5", "nw-p24", "technical_buyer", "enemy", "medium", "even_keel"),
    ("nw-o5", "nw-p28", "gatekeeper", "non_supporter", "low", "even_keel"),
]

# Contact cadences: (seller, person, contacts per month, start, end, mix, mood, opportunities,
# companions (people sometimes present as well), co-sellers (sellers sometimes present as well)).
_Cadence = tuple[str, str, float, str | None, str | None, str, int, list[str], list[str], list[str]]
_CADENCES: list[_Cadence] = [
    # s1 Lena Hoffmann (AR): holds the executive relationships, several of them alone.
    ("s1", "nw-p01", 0.4, None, None, "exec", 1, ["nw-o1"], [], ["s4"]),
    ("s1", "nw-p03", 1.2, None, None, "exec", 1, ["nw-o1"], [], ["s2"]),
    ("s1", "nw-p05", 1.2, None, None, "exec", 1, ["nw-o4", "nw-o3"], ["nw-p30"], []),
    ("s1", "nw-p06", 0.8, None, None, "exec", 0, ["nw-o5", "nw-o1"], ["nw-p38"], []),
    ("s1", "nw-p08", 0.9, None, None, "light", 1, [], ["nw-p42"], []),
    ("s1", "nw-p27", 1.4, None, None, "ops", 0, ["nw-o4", "nw-o1"], ["nw-p28"], []),
    ("s1", "nw-p30", 0.6, None, None, "ops", 1, ["nw-o3"], [], []),
    ("s1", "nw-p38", 0.5, None, None, "light", 1, [], ["nw-p39"], []),
    ("s1", "nw-p04", 0.4, None, None, "exec", 0, ["nw-o2"], [], []),
    ("s1", "nw-p39", 0.6, "2025-09-01", None, "ops", 1, ["nw-o1"], [], ["s2"]),
    ("s1", "nw-p42", 0.7, None, None, "light", 1, [], [], []),
    ("s1", "nw-p15", 0.7, None, "2026-08-31", "ops", 1, ["nw-o4", "nw-o1"], [], []),
    # s2 Marco Bianchi (SR): the technical community.
    ("s2", "nw-p03", 0.5, None, None, "tech", 1, ["nw-o1"], [], []),
    ("s2", "nw-p09", 0.7, None, None, "tech", -1, ["nw-o1"], ["nw-p19"], []),
    ("s2", "nw-p10", 2.5, None, None, "tech", 1, ["nw-o1"], ["nw-p11", "nw-p12"], []),
    ("s2", "nw-p11", 1.6, None, None, "tech", 1, ["nw-o1"], ["nw-p13", "nw-p43"], []),
    ("s2", "nw-p12", 0.6, None, None, "tech", 0, [], [], []),
    ("s2", "nw-p13", 0.7, None, None, "tech", 0, ["nw-o1"], [], []),
    ("s2", "nw-p19", 0.5, None, None, "tech", 0, ["nw-o1"], [], []),
    ("s2", "nw-p43", 0.5, None, None, "tech", 0, [], [], []),
    ("s2", "nw-p20", 3.0, None, "2026-03-31", "tech", 1, [], ["nw-p22"], []),
    ("s2", "nw-p20", 0.8, "2026-04-01", "2026-05-22", "tech", 0, [], [], []),
    ("s2", "nw-p21", 2.2, "2026-03-01", None, "tech", 1, ["nw-o2"], ["nw-p22", "nw-p23"], []),
    ("s2", "nw-p22", 1.0, "2026-04-01", None, "tech", 0, ["nw-o2"], [], []),
    ("s2", "nw-p39", 0.5, "2025-10-01", None, "tech", 1, ["nw-o1"], [], []),
    # s3 Priya Raman (FR): operations and delivery.
    ("s3", "nw-p15", 1.8, None, "2026-08-31", "ops", 1, ["nw-o4", "nw-o1"], ["nw-p16"], ["s1"]),
    ("s3", "nw-p16", 2.6, None, None, "ops", 1, ["nw-o4", "nw-o1"], ["nw-p17", "nw-p18"], []),
    ("s3", "nw-p17", 1.6, None, None, "ops", 1, ["nw-o4", "nw-o2"], [], []),
    ("s3", "nw-p18", 1.2, None, None, "ops", 0, [], [], []),
    ("s3", "nw-p14", 3.0, "2026-09-22", None, "ops", 0, ["nw-o1"], ["nw-p16"], []),
    ("s3", "nw-p23", 0.6, None, None, "tech", 0, ["nw-o2"], [], []),
    ("s3", "nw-p31", 0.5, "2026-08-01", None, "ops", 1, ["nw-o3"], [], []),
    ("s3", "nw-p24", 0.4, None, None, "light", 0, ["nw-o4"], [], []),
    # s4 Jonas Berg (executive sponsor).
    ("s4", "nw-p01", 0.35, None, None, "exec", 1, ["nw-o1"], [], ["s1"]),
    ("s4", "nw-p03", 0.4, None, None, "exec", 1, ["nw-o1"], [], []),
    ("s4", "nw-p07", 1.3, None, "2026-03-31", "exec", 1, [], [], []),
    ("s4", "nw-p07", 0.5, "2026-04-01", "2026-05-29", "exec", 0, [], [], []),
    # s5 Elif Kaya (customer success).
    ("s5", "nw-p34", 2.4, None, "2026-02-27", "ops", 1, ["nw-o5"], ["nw-p35", "nw-p36"], []),
    ("s5", "nw-p34", 0.6, "2026-02-28", "2026-06-05", "ops", -1, [], [], []),
    ("s5", "nw-p35", 1.2, None, None, "ops", 0, ["nw-o5"], ["nw-p37"], []),
    ("s5", "nw-p36", 0.7, None, None, "light", 1, ["nw-o5"], [], []),
    ("s5", "nw-p37", 0.6, None, None, "light", 0, [], [], []),
    ("s5", "nw-p30", 0.6, None, None, "ops", 1, ["nw-o3"], [], []),
    ("s5", "nw-p31", 1.0, None, None, "ops", 1, ["nw-o3"], ["nw-p32", "nw-p33"], []),
    ("s5", "nw-p32", 0.5, None, None, "ops", 1, ["nw-o3"], ["nw-p44"], []),
    ("s5", "nw-p33", 0.4, None, None, "light", 0, [], [], []),
    ("s5", "nw-p40", 0.4, None, None, "light", 1, [], [], []),
    ("s5", "nw-p41", 1.4, "2026-02-01", None, "ops", 1, ["nw-o3"], [], []),
]

# Kind mixes for cadence contacts (relative weights).
_MIXES: dict[str, list[tuple[str, float]]] = {
    "exec": [("exec_meeting", 2.0), ("meeting", 3.0), ("call", 3.0), ("email", 4.0),
             ("social", 0.8)],
    "tech": [("tech_exchange", 1.2), ("meeting", 3.0), ("call", 3.0), ("email", 6.0),
             ("other", 0.8)],
    "ops": [("meeting", 3.0), ("call", 4.0), ("email", 6.0), ("other", 0.8), ("social", 0.4)],
    "light": [("email", 5.0), ("call", 2.0), ("meeting", 1.0)],
}

_NOTES: dict[str, list[str]] = {
    "exec_meeting": ["Executive alignment on {topic}", "Steering meeting: {topic}",
                     "Quarterly business review", "Exec check-in on {topic}"],
    "tech_exchange": ["Deep dive: {topic}", "Architecture workshop on {topic}",
                      "Roadmap exchange", "Technical Q&A session"],
    "meeting": ["Status meeting on {topic}", "Working session: {topic}", "Account review",
                "Requirements walkthrough", "Follow-up meeting"],
    "social": ["Lunch", "Dinner after the industry forum", "Coffee catch-up", "Team event"],
    "call": ["Call about {topic}", "Quick call: next steps", "Escalation call",
             "Check-in call", "Call to prepare the steering meeting"],
    "email": ["Sent material on {topic}", "Follow-up e-mail on {topic}", "Shared case study",
              "Meeting minutes sent", "Answered open questions", "Sent proposal update"],
    "other": ["Webinar attended", "LinkedIn exchange", "Met at a trade fair",
              "Customer survey feedback"],
}
_DEFAULT_TOPIC = "the account plan"

# Hand-written organization-level and group events:
# (date, kind, sellers, people, opportunity, sentiment, notes)
_Event = tuple[str, str, list[str], list[str], str | None, int, str]
_EVENTS: list[_Event] = [
    ("2025-06-12", "hq_visit", ["s1", "s2", "s4"], ["nw-p03", "nw-p09", "nw-p10"], None, 1,
     "Innovation centre visit: 5G standalone core roadmap"),
    ("2025-06-26", "csr_event", ["s5"], ["nw-p40", "nw-p36"], None, 2,
     "Midsummer volunteering day at the Bergen food bank"),
    ("2025-08-21", "social", ["s1", "s3", "s5"], ["nw-p15", "nw-p16", "nw-p34", "nw-p35"], None, 1,
     "Summer barbecue with the operations teams"),
    ("2025-09-18", "csr_event", ["s1", "s5"], ["nw-p40", "nw-p07", "nw-p36"], None, 2,
     "Joint digital-skills day for seniors"),
    ("2025-10-08", "exec_meeting", ["s1", "s4"], ["nw-p01", "nw-p03", "nw-p05"], None, 1,
     "Annual executive alignment: network strategy 2026-2028"),
    ("2025-10-29", "site_visit", ["s3"], ["nw-p15", "nw-p16", "nw-p17"], "nw-o4", 1,
     "Reference NOC visit at a Danish operator"),
    ("2025-11-13", "tech_exchange", ["s2"], ["nw-p09", "nw-p10", "nw-p11", "nw-p19"], "nw-o1", 0,
     "5G SA core architecture workshop"),
    ("2025-12-11", "social", ["s1", "s3", "s5"], ["nw-p15", "nw-p16", "nw-p34", "nw-p35"], None, 1,
     "Christmas dinner with operations teams"),
    ("2026-01-22", "site_visit", ["s1", "s2"], ["nw-p10", "nw-p11", "nw-p13"], "nw-o1", 2,
     "Reference site visit: SA core at a Baltic operator"),
    ("2026-02-10", "trial", ["s5", "s2"], ["nw-p35", "nw-p36", "nw-p37"], "nw-o5", 0,
     "AI assistant pilot in the contact centre"),
    ("2026-02-26", "meeting", ["s5", "s2"], ["nw-p34", "nw-p35", "nw-p36"], "nw-o5", -1,
     "AI assistant final presentation; price above budget"),
    ("2026-03-05", "exec_meeting", ["s1", "s4"], ["nw-p01", "nw-p07"], None, 1,
     "Strategy review with CEO and CSO"),
    ("2026-03-19", "hq_visit", ["s3", "s2"], ["nw-p16", "nw-p17", "nw-p18"], "nw-o4", 1,
     "NOC automation showcase at our headquarters"),
    ("2026-04-15", "tech_exchange", ["s2"], ["nw-p20", "nw-p21", "nw-p22"], None, 1,
     "OSS automation discovery workshop"),
    ("2026-05-20", "hq_visit", ["s1"], ["nw-p05", "nw-p30", "nw-p16"], "nw-o4", 2,
     "COO delegation at our headquarters"),
    ("2026-05-28", "meeting", ["s1", "s3", "s4"], ["nw-p05", "nw-p15", "nw-p27"], "nw-o4", 2,
     "Contract signing: managed NOC services renewal"),
    ("2026-06-18", "csr_event", ["s5", "s1"], ["nw-p40", "nw-p41"], None, 2,
     "Beach clean-up with Nordwind volunteers"),
    ("2026-07-08", "trial", ["s2"], ["nw-p11", "nw-p13", "nw-p43"], "nw-o1", 1,
     "Lab trial kick-off: SA core failover"),
    ("2026-07-29", "trial", ["s2"], ["nw-p11", "nw-p43"], "nw-o1", 1,
     "Lab trial: load and latency tests"),
    ("2026-08-19", "trial", ["s2", "s3"], ["nw-p10", "nw-p11", "nw-p16"], "nw-o1", 2,
     "Lab trial: operations hand-over tests"),
    ("2026-08-27", "tech_exchange", ["s2", "s3"], ["nw-p09", "nw-p10", "nw-p16", "nw-p19"], "nw-o1",
     -1, "Interoperability review; Henrik questions the migration plan"),
    ("2026-08-28", "social", ["s3", "s1"], ["nw-p15", "nw-p16"], None, 1,
     "Farewell lunch for Bernd Keller"),
    ("2026-09-10", "social", ["s4"], ["nw-p03"], "nw-o1", 1,
     "Dinner after the Nordic Telecom Summit"),
    ("2026-09-24", "trial", ["s2"], ["nw-p10", "nw-p11", "nw-p13"], "nw-o1", 2,
     "Lab trial closed: all acceptance tests passed"),
    ("2026-10-01", "exec_meeting", ["s1", "s4"], ["nw-p01", "nw-p03"], "nw-o1", 1,
     "Exec sponsor meeting: 5G core commercial framework"),
    ("2026-10-14", "exec_meeting", ["s1"], ["nw-p05", "nw-p30"], "nw-o3", 1,
     "QBR managed NOC; field mobility introduced"),
    ("2026-10-21", "site_visit", ["s2"], ["nw-p21", "nw-p22"], "nw-o2", 1,
     "Reference visit: OSS automation at an Oslo operator"),
    ("2026-10-22", "trial", ["s5", "s3"], ["nw-p31", "nw-p32"], "nw-o3", 1,
     "Field app pilot kick-off, north region"),
    ("2026-11-05", "tech_exchange", ["s2"], ["nw-p10", "nw-p11", "nw-p14"], "nw-o1", 1,
     "Negotiation-phase technical clarifications"),
    ("2026-11-09", "email", ["s1"], ["nw-p25"], "nw-o1", 0,
     "Asked for a business-case review slot"),
    ("2026-11-12", "meeting", ["s1"], ["nw-p27", "nw-p28"], "nw-o1", -1,
     "Commercial clarifications with procurement"),
    ("2026-11-16", "email", ["s1"], ["nw-p25", "nw-p26"], "nw-o1", 0,
     "Sent TCO model for the 5G core business case"),
    ("2026-11-18", "call", ["s3"], ["nw-p14"], "nw-o1", 1, "Operations readiness call"),
]

# Actions of the account plan.
_ACTIONS: list[dict[str, Any]] = [
    {"id": "nw-a01", "title": "Get an introduction to CFO Katrin Vogel through Peter Holm",
     "strategy": "penetration", "kind": "meeting", "people": ["nw-p02", "nw-p25"],
     "opportunity": "nw-o1", "addresses": "uncovered_key_person",
     "raci": {"R": "s1", "A": "s4", "C": ["s2"], "I": []},
     "created": "2026-10-05", "due": "2026-11-15", "status": "open", "closed_on": None},
    {"id": "nw-a02", "title": "Recruit a coach for the OSS/BSS automation deal",
     "strategy": "penetration", "kind": "meeting", "people": ["nw-p21"], "opportunity": "nw-o2",
     "addresses": "no_coach", "raci": {"R": "s2", "A": "s1", "C": [], "I": ["s4"]},
     "created": "2026-10-20", "due": "2026-12-15", "status": "open", "closed_on": None},
    {"id": "nw-a03", "title": "Joint TCO workshop with Henrik Nyberg's engineering team",
     "strategy": "business", "kind": "tech_exchange", "people": ["nw-p09", "nw-p10"],
     "opportunity": "nw-o1", "addresses": "opponent_with_power",
     "raci": {"R": "s2", "A": "s1", "C": ["s4"], "I": []},
     "created": "2026-09-01", "due": "2026-10-31", "status": "open", "closed_on": None},
    {"id": "nw-a04", "title": "Executive sponsor dinner with CEO Sven Andersen",
     "strategy": "penetration", "kind": "social", "people": ["nw-p01"], "opportunity": None,
     "addresses": None, "raci": {"R": "s4", "A": "s1", "C": [], "I": []},
     "created": "2026-08-15", "due": "2026-12-10", "status": "open", "closed_on": None},
    {"id": "nw-a05", "title": "Reconnect with Laura Schulz after the lost AI deal",
     "strategy": "penetration", "kind": "meeting", "people": ["nw-p34"], "opportunity": None,
     "addresses": "key_person_at_risk", "raci": {"R": "s5", "A": "s1", "C": [], "I": []},
     "created": "2026-10-01", "due": "2026-11-10", "status": "open", "closed_on": None},
    {"id": "nw-a06", "title": "Replace Bernd Keller's support: onboard Fatima Rahimi",
     "strategy": "penetration", "kind": "meeting", "people": ["nw-p14", "nw-p15"],
     "opportunity": "nw-o1", "addresses": "departed_role_holder",
     "raci": {"R": "s3", "A": "s1", "C": ["s2"], "I": ["s4"]},
     "created": "2026-09-16", "due": "2026-12-01", "status": "open", "closed_on": None},
    {"id": "nw-a07", "title": "Reference site visit for the OSS team",
     "strategy": "business", "kind": "site_visit", "people": ["nw-p21", "nw-p22"],
     "opportunity": "nw-o2", "addresses": None,
     "raci": {"R": "s2", "A": None, "C": [], "I": ["s1"]},
     "created": "2026-08-25", "due": "2026-10-31", "status": "done", "closed_on": "2026-10-22"},
    {"id": "nw-a08", "title": "Secure bid-desk support and 5G core specialists from headquarters",
     "strategy": "resources", "kind": None, "people": [], "opportunity": "nw-o1",
     "addresses": None, "raci": {"R": "s1", "A": "s4", "C": ["s2", "s3"], "I": []},
     "created": "2026-08-01", "due": "2026-09-30", "status": "done", "closed_on": "2026-09-20"},
    {"id": "nw-a09", "title": "Get a delivery capacity commitment for the NOC service expansion",
     "strategy": "resources", "kind": None, "people": [], "opportunity": None, "addresses": None,
     "raci": {"R": "s3", "A": "s4", "C": [], "I": ["s1"]},
     "created": "2026-10-10", "due": "2026-12-31", "status": "open", "closed_on": None},
    {"id": "nw-a10", "title": "Approve the discount corridor for the 5G core negotiation",
     "strategy": "resources", "kind": None, "people": [], "opportunity": "nw-o1",
     "addresses": None, "raci": {"R": "s4", "A": None, "C": ["s1"], "I": ["s2"]},
     "created": "2026-10-20", "due": "2026-11-25", "status": "open", "closed_on": None},
    {"id": "nw-a11", "title": "Joint CSR event: digital skills for seniors",
     "strategy": "penetration", "kind": "csr_event", "people": ["nw-p40", "nw-p07"],
     "opportunity": None, "addresses": None, "raci": {"R": "s5", "A": "s1", "C": [], "I": []},
     "created": "2025-07-01", "due": "2025-09-30", "status": "done", "closed_on": "2025-09-18"},
    {"id": "nw-a12", "title": "Field mobility pilot with the north region",
     "strategy": "business", "kind": "trial", "people": ["nw-p31", "nw-p32"],
     "opportunity": "nw-o3", "addresses": None, "raci": {"R": "s5", "A": "s3", "C": [], "I": []},
     "created": "2026-09-05", "due": "2027-01-31", "status": "open", "closed_on": None},
    {"id": "nw-a13", "title": "Map the customer service organisation after the reorganisation",
     "strategy": "penetration", "kind": None, "people": ["nw-p35", "nw-p36"],
     "opportunity": None, "addresses": "uncovered_unit",
     "raci": {"R": "s5", "A": None, "C": [], "I": []},
     "created": "2026-03-01", "due": "2026-05-31", "status": "dropped", "closed_on": "2026-04-15"},
    {"id": "nw-a14", "title": "Business case for 5G enterprise slicing with the CCO",
     "strategy": "business", "kind": "meeting", "people": ["nw-p06", "nw-p39"],
     "opportunity": "nw-o1", "addresses": None,
     "raci": {"R": "s1", "A": None, "C": ["s2"], "I": []},
     "created": "2026-10-15", "due": "2026-12-05", "status": "open", "closed_on": None},
    {"id": "nw-a15", "title": "Quarterly business review with the COO",
     "strategy": "business", "kind": "exec_meeting", "people": ["nw-p05"], "opportunity": None,
     "addresses": None, "raci": {"R": "s1", "A": "s4", "C": [], "I": ["s3"]},
     "created": "2026-09-01", "due": "2026-10-15", "status": "done", "closed_on": "2026-10-14"},
    {"id": "nw-a16", "title": "Invite the CTO to our 5G innovation centre",
     "strategy": "penetration", "kind": "hq_visit", "people": ["nw-p03", "nw-p09"],
     "opportunity": "nw-o1", "addresses": None,
     "raci": {"R": "s4", "A": "s1", "C": [], "I": ["s2"]},
     "created": "2026-10-02", "due": "2027-02-15", "status": "open", "closed_on": None},
    {"id": "nw-a17", "title": "Second solution architect for the account",
     "strategy": "resources", "kind": None, "people": [], "opportunity": None, "addresses": None,
     "raci": {"R": "s1", "A": "s4", "C": [], "I": []},
     "created": "2026-04-01", "due": "2026-06-30", "status": "dropped", "closed_on": "2026-07-01"},
    {"id": "nw-a18", "title": "Win back the Strategy office: invite Lars Eriksen to the regatta",
     "strategy": "penetration", "kind": "social", "people": ["nw-p07"], "opportunity": None,
     "addresses": "key_person_at_risk", "raci": {"R": "s4", "A": "s1", "C": [], "I": []},
     "created": "2026-11-02", "due": "2027-01-20", "status": "open", "closed_on": None},
]

_ACTIVITY_TARGETS: list[dict[str, Any]] = [
    {"id": "nw-t1", "account": _A, "seller": None, "metric": "key_person_touches",
     "period": "month", "target": 6},
    {"id": "nw-t2", "account": _A, "seller": None, "metric": "org_events", "period": "quarter",
     "target": 2},
    {"id": "nw-t3", "account": _A, "seller": "s1", "metric": "org_events", "period": "quarter",
     "target": 3},
    {"id": "nw-t4", "account": None, "seller": None, "metric": "interactions", "period": "week",
     "target": 4},
    {"id": "nw-t5", "account": _A, "seller": "s5", "metric": "new_contacts", "period": "quarter",
     "target": 3},
    {"id": "nw-t6", "account": None, "seller": "s1", "metric": "actions_done", "period": "month",
     "target": 2},
]

# fmt: on


def _date(text: str | None, default: datetime.date) -> datetime.date:
    return datetime.date.fromisoformat(text) if text else default


def _email(name: str) -> str:
    ascii_name = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode("ascii")
    local = ".".join(part.lower() for part in ascii_name.split())
    return f"{local}@{_EMAIL_DOMAIN}"


def _poisson(rng: random.Random, lam: float) -> int:
    """Knuth's method; fine for the small rates used here."""
    limit = math.exp(-lam)
    k = 0
    p = rng.random()
    while p > limit:
        k += 1
        p *= rng.random()
    return k


def _weekday(day: datetime.date, kind: str) -> datetime.date:
    """Move business contacts off weekends (social events may stay there)."""
    if kind == "social":
        return day
    if day.weekday() == 5:
        return day - datetime.timedelta(days=1)
    if day.weekday() == 6:
        return day + datetime.timedelta(days=1)
    return day


def _cadence_interactions(rng: random.Random) -> list[tuple[datetime.date, dict[str, Any]]]:
    opp_names = {o[0]: o[1] for o in _OPPORTUNITIES}
    opp_window = {
        o[0]: (datetime.date.fromisoformat(o[5]), datetime.date.fromisoformat(o[4]))
        for o in _OPPORTUNITIES
    }
    person_window = {
        p[0]: (_date(p[9], _HISTORY_START), _date(p[10], SAMPLE_AS_OF)) for p in _PEOPLE
    }
    out: list[tuple[datetime.date, dict[str, Any]]] = []
    for seller, person, rate, start_s, end_s, mix, mood, opps, companions, co_sellers in _CADENCES:
        start = max(_date(start_s, _HISTORY_START), person_window[person][0], _HISTORY_START)
        end = min(_date(end_s, SAMPLE_AS_OF), person_window[person][1], SAMPLE_AS_OF)
        kinds = [k for k, _ in _MIXES[mix]]
        weights = [w for _, w in _MIXES[mix]]
        window_start = start
        while window_start <= end:
            window_end = min(window_start + datetime.timedelta(days=29), end)
            span = (window_end - window_start).days + 1
            for _ in range(_poisson(rng, rate * span / 30.0)):
                kind = rng.choices(kinds, weights)[0]
                day = window_start + datetime.timedelta(days=rng.randrange(span))
                day = _weekday(day, kind)
                if day > end or day < start:
                    day = window_start
                people = [person]
                sellers = [seller]
                valid_companions = [
                    c for c in companions if person_window[c][0] <= day <= person_window[c][1]
                ]
                if valid_companions and rng.random() < (0.15 if kind == "email" else 0.25):
                    people.append(rng.choice(valid_companions))
                if co_sellers and kind in ("meeting", "exec_meeting") and rng.random() < 0.35:
                    sellers.append(rng.choice(co_sellers))
                opportunity: str | None = None
                live = [o for o in opps if opp_window[o][0] <= day <= opp_window[o][1]]
                if live and rng.random() < 0.45:
                    opportunity = rng.choice(live)
                topic = opp_names[opportunity] if opportunity else _DEFAULT_TOPIC
                note = rng.choice(_NOTES[kind]).format(topic=topic)
                sentiment = max(-2, min(2, mood + rng.choice((-1, 0, 0, 0, 1))))
                out.append(
                    (
                        day,
                        {
                            "kind": kind,
                            "sellers": sorted(sellers),
                            "people": sorted(people),
                            "opportunity": opportunity,
                            "sentiment": sentiment,
                            "notes": note,
                        },
                    )
                )
            window_start = window_end + datetime.timedelta(days=1)
    return out


def _interactions(rng: random.Random) -> list[dict[str, Any]]:
    rows = _cadence_interactions(rng)
    for date_s, kind, sellers, people, opp, sentiment, note in _EVENTS:
        rows.append(
            (
                datetime.date.fromisoformat(date_s),
                {
                    "kind": kind,
                    "sellers": sorted(sellers),
                    "people": sorted(people),
                    "opportunity": opp,
                    "sentiment": sentiment,
                    "notes": note,
                },
            )
        )
    rows.sort(key=lambda row: row[0])  # stable: same-day rows keep their generation order
    result: list[dict[str, Any]] = []
    for n, (day, row) in enumerate(rows, start=1):
        result.append(
            {
                "id": f"nw-i{n:04d}",
                "date": day.isoformat(),
                "kind": row["kind"],
                "sellers": row["sellers"],
                "people": row["people"],
                "opportunity": row["opportunity"],
                "sentiment": row["sentiment"],
                "notes": row["notes"],
            }
        )
    return result


def build_sample() -> dict[str, Any]:
    """Return the Nordwind Telecom sample account as a ``kamgraph/v1`` bundle (plain dicts)."""
    rng = random.Random(_SEED)
    accounts = [
        {
            "id": _A,
            "name": "Nordwind Telecom",
            "industry": "telecom",
            "tier": "A",
            "stage": "cooperative",
            "parent": None,
            "potential": 12_500_000,
            "revenue": 3_400_000,
            "currency": "EUR",
            "domains": [_EMAIL_DOMAIN],
        }
    ]
    units = [
        {"id": uid, "account": _A, "name": name, "function": function, "parent": parent}
        for uid, name, function, parent in _UNITS
    ]
    people = [
        {
            "id": pid,
            "account": _A,
            "unit": unit,
            "name": name,
            "title": title,
            "layer": layer,
            "political_status": status,
            "style": style,
            "profile": profile,
            "interests": list(interests),
            "email": None if pid in _NO_EMAIL else _email(name),
            "since": since,
            "until": until,
        }
        for (
            pid,
            unit,
            name,
            title,
            layer,
            status,
            style,
            interests,
            profile,
            since,
            until,
        ) in _PEOPLE
    ]
    reports_to = [
        {"person": person, "manager": manager, "kind": kind, "since": since, "until": until}
        for person, manager, kind, since, until in _REPORTS
    ]
    influences = [
        {
            "source": source,
            "target": target,
            "strength": strength,
            "kind": kind,
            "polarity": polarity,
            "confidence": confidence,
            "evidence": evidence,
            "since": since,
            "until": until,
        }
        for (
            source,
            target,
            strength,
            kind,
            polarity,
            confidence,
            evidence,
            since,
            until,
        ) in _INFLUENCES
    ]
    sellers = [
        {
            "id": sid,
            "name": name,
            "title": title,
            "email": ".".join(name.lower().split()) + "@ourcompany.example",
        }
        for sid, name, title, _ in _SELLERS
    ]
    account_team = [{"account": _A, "seller": sid, "role": role} for sid, _, _, role in _SELLERS]
    relationships = [
        {
            "seller": seller,
            "person": person,
            "level": level,
            "target_level": target,
            "since": since,
            "assessed_on": assessed,
        }
        for seller, person, level, target, since, assessed in _RELATIONSHIPS
    ]
    opportunities = [
        {
            "id": oid,
            "account": _A,
            "name": name,
            "stage": stage,
            "value": value,
            "currency": "EUR",
            "close_date": close,
        }
        for oid, name, stage, value, close, _ in _OPPORTUNITIES
    ]
    roles = [
        {
            "opportunity": opp,
            "person": person,
            "role": role,
            "stance": stance,
            "influence": influence,
            "response_mode": mode,
            **({"wins": _WINS[opp, person, role]} if (opp, person, role) in _WINS else {}),
        }
        for opp, person, role, stance, influence, mode in _ROLES
    ]
    # Reference lists are sets in the format: written sorted (export writes them sorted too).
    actions = [
        {
            "id": a["id"],
            "account": _A,
            "title": a["title"],
            "strategy": a["strategy"],
            "kind": a["kind"],
            "people": sorted(a["people"]),
            "opportunity": a["opportunity"],
            "addresses": a["addresses"],
            "raci": {
                "R": a["raci"]["R"],
                "A": a["raci"]["A"],
                "C": sorted(a["raci"]["C"]),
                "I": sorted(a["raci"]["I"]),
            },
            "created": a["created"],
            "due": a["due"],
            "status": a["status"],
            "closed_on": a["closed_on"],
        }
        for a in _ACTIONS
    ]
    return {
        "format": "kamgraph/v1",
        "accounts": accounts,
        "units": units,
        "people": people,
        "reports_to": reports_to,
        "influences": influences,
        "sellers": sellers,
        "account_team": account_team,
        "relationships": relationships,
        "opportunities": opportunities,
        "roles": roles,
        "interactions": _interactions(rng),
        "actions": actions,
        "activity_targets": [dict(target) for target in _ACTIVITY_TARGETS],
    }


def sample_path() -> Path:
    """The bundled sample (shipped in the wheel under kamgraph/data/)."""
    return Path(__file__).resolve().parent.parent / "data" / "sample.json"


def main() -> None:
    """Write the sample bundle to ``kamgraph/data/sample.json``"""
    path = sample_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(
        json.dumps(build_sample(), indent=1, ensure_ascii=False) + "\n", encoding="utf-8"
    )


if __name__ == "__main__":
    main()
