// analysis/strengths_kept at any kind weights: the per-kind sums of each TIE, weighted by $weights. A(T) of every
// seller with each given person on each of $days, as analysis/strengths computes it from every interaction.
// A pair's day falls in one of three parts (three branches: the engine pays for a CASE's every branch on every row):
// on or after last, O(1); from start = last - w up to last, the head and the tail interactions dated on or before it;
// before start or kept at another half-life, a row with seller null (`stale`): the caller reads that person's day
// the exact way. last_touch: the latest interaction on or before the day (null: none yet). Pairs with only a KNOWS
// come from analysis/knows; the strength (1 - e^-A against the declared level) is taken in kamgraph.analysis.facts.
// params: people, days, weights, half_life
// returns: day, seller, person, a, last_touch
// mode: read
UNWIND $people AS pid
MATCH (p:Person {id: pid})<-[t:TIE]-(s:Seller)
UNWIND $days AS day
WITH p, s, t, day
WHERE day >= t.last AND t.h = $half_life
RETURN day, s.id AS seller, p.id AS person, reduce(a = 0.0, j IN range(0, size(t.kinds) - 1) |
         a + coalesce($weights[t.kinds[j]], $weights.other) * t.full[j]) * 2.0 ^ (-toFloat(day - t.last) / $half_life) AS a,
       t.last AS last_touch
UNION ALL
UNWIND $people AS pid
MATCH (p:Person {id: pid})<-[t:TIE]-(s:Seller)
UNWIND $days AS day
WITH p, s, t, day
WHERE day < t.last AND day >= t.last - t.w AND t.h = $half_life
WITH p, s, t, day, reduce(l = t.head_last, d IN t.tail_day | CASE WHEN d <= day AND d > l THEN d ELSE l END) AS last
RETURN day, s.id AS seller, p.id AS person,
       reduce(a = 0.0, j IN range(0, size(t.kinds) - 1) |
              a + coalesce($weights[t.kinds[j]], $weights.other) * t.head[j]) * 2.0 ^ (-toFloat(day - t.last + t.w) / $half_life)
       + reduce(a = 0.0, j IN range(0, size(t.tail_day) - 1) |
                CASE WHEN t.tail_day[j] <= day
                     THEN a + coalesce($weights[t.tail_kind[j]], $weights.other) * 2.0 ^ (-toFloat(day - t.tail_day[j]) / $half_life) ELSE a END) AS a,
       CASE WHEN last > -1000000 THEN last ELSE NULL END AS last_touch
UNION ALL
UNWIND $people AS pid
MATCH (p:Person {id: pid})<-[t:TIE]-(:Seller)
UNWIND $days AS day
WITH p, t, day
WHERE day < t.last - t.w OR t.h <> $half_life
RETURN DISTINCT day, NULL AS seller, p.id AS person, NULL AS a, NULL AS last_touch
