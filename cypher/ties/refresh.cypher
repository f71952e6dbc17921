// The strength aggregates of each given person, recomputed from their interactions: DOMAIN.md's A(T), kept.
// One TIE per (seller, person) pair, with last = the pair's latest interaction and start = last - w:
//   kinds, full: per interaction kind, the sum of 2^((t - last)/H); a0 = the same weighted by the default weights;
//   head, head0: those sums over the interactions before start, taken at start; head_last: the latest of them
//   (-1000000: none); tail_day, tail_kind, tail_w0: each interaction from start on, with its default weight.
// A(T) for T >= last is a0 * 2^(-(T - last)/H) (other weights: the weighted sum of full); for start <= T < last,
// head and tail give it exactly (analysis/strengths_kept).
// The people: $people, and those of the interactions $without, which are left out (they are deleted next, in the
// same unit: the people are found when it is applied, so a concurrent change of their links cannot be missed).
// Runs in the unit of the writes it follows; a person gone (erased, deleted) took their TIEs along.
// params: people, without, weights, half_life, tail_days
// returns: n
// mode: write
OPTIONAL MATCH (n:Person)
WHERE n.id IN $people
WITH collect(n) AS named
OPTIONAL MATCH (gone:Interaction)-[:WITH_PERSON]->(q:Person)
WHERE gone.id IN $without
WITH named, collect(q) AS linked
UNWIND named + linked AS p
WITH DISTINCT p
OPTIONAL MATCH (p)<-[old:TIE]-(:Seller)
DELETE old
WITH DISTINCT p
MATCH (p)<-[:WITH_PERSON]-(i:Interaction)-[:WITH_SELLER]->(s:Seller)
WHERE NOT i.id IN $without
WITH p, s, collect({kind: i.kind, day: i.date_day}) AS touches, max(i.date_day) AS last
UNWIND touches AS x
WITH p, s, last, last - $tail_days AS start, x.kind AS kind, x.day AS day,
     coalesce($weights[x.kind], $weights.other) AS w0
WITH p, s, last, start, kind, w0,
     sum(2.0 ^ (toFloat(day - last) / $half_life)) AS full,
     sum(CASE WHEN day < start THEN 2.0 ^ (toFloat(day - start) / $half_life) ELSE 0.0 END) AS head,
     max(CASE WHEN day < start THEN day ELSE -1000000 END) AS head_last,
     collect(CASE WHEN day >= start THEN day ELSE NULL END) AS tail
WITH p, s, last, collect({kind: kind, w0: w0, full: full, head: head, head_last: head_last, tail: tail}) AS e
CREATE (s)-[t:TIE {last: last, h: $half_life, w: $tail_days,
                   a0: reduce(a = 0.0, x IN e | a + x.w0 * x.full),
                   head0: reduce(a = 0.0, x IN e | a + x.w0 * x.head),
                   head_last: reduce(m = -1000000, x IN e | CASE WHEN x.head_last > m THEN x.head_last ELSE m END),
                   kinds: [x IN e | x.kind], full: [x IN e | x.full], head: [x IN e | x.head],
                   tail_day: reduce(a = [], x IN e | a + x.tail),
                   tail_kind: reduce(a = [], x IN e | a + [d IN x.tail | x.kind]),
                   tail_w0: reduce(a = [], x IN e | a + [d IN x.tail | x.w0])}]->(p)
RETURN count(t) AS n
