"""Synthetic ``kamgraph/v1`` bundles of any size, for demos, benchmarks and load tests.

:func:`synth` builds ``accounts`` accounts of ``people`` people each, deterministically for a seed:

* account economics are long-tailed (lognormal potential, revenue a beta share of it), the declared
  tier follows an ABC analysis of them with some disagreement, a few accounts are subsidiaries
  (:mod:`.accounts`);
* 3-6 sellers per account (roles ``AR``, ``SR``, ``FR``, ``exec_sponsor``, ``other``); executive
  sponsors and some solution specialists are shared across accounts (:mod:`.sellers`);
* each account is an org tree (3-8 direct reports per manager, level by level); depth gives the
  layer (the root and its direct reports decide, other managers manage, the rest operate); units
  follow the subtrees of the top two levels below the root (with parent units), one of them
  procurement (:mod:`.org`); its people, a few leavers and new hires among them (:mod:`.people`);
* solid reporting lines along the tree, a few dotted ones (:mod:`.reports`);
* influence links along the hierarchy, some across it, a few ``conflict`` ones (:mod:`.influences`);
* 1-4 opportunities per account with buying roles (:mod:`.deals`);
* seller-person contact pairs with a recency profile (active, cooling, cold, new;
  :mod:`.contacts`), declared relationships for a fraction of them (:mod:`.relationships`),
  ``round(people * interactions_per_person)`` interactions per account dated within two years
  before ``as_of``, denser near the end of each active pair (:mod:`.interactions`);
* a few actions (:mod:`.actions`) and activity targets (:mod:`.targets`).

:mod:`.build` calls them in the order of their random draws. Ids are prefixed with the account id
(``a7-p123``, ``a7-u4``, ``a7-i99``); sellers are global (``s12``) because they can work on several
accounts; two activity targets apply to all accounts (``t1``, ``t2``). Rows are plain dicts and
lists (shared strings for dates, kinds and notes) so that a million interactions fit in memory and
build in seconds. The vocabulary (layers, stages, roles, kinds) is the model's
(:mod:`kamgraph.interchange.model`); the modules only weigh it.
"""

from kamgraph.generators.synth.build import synth
from kamgraph.generators.synth.common import HISTORY_DAYS
from kamgraph.generators.synth.interactions import END_LOADED_EVERY
from kamgraph.interchange.model import FORMAT

__all__ = ["END_LOADED_EVERY", "FORMAT", "HISTORY_DAYS", "synth"]
