// A(T) of every seller with each given person on each of $days, from the kept aggregates (ties/refresh) at the
// default kind weights: the sum analysis/strengths computes from every interaction, here from one TIE per pair.
// A pair's day falls in one of three parts (three branches: the engine pays for a CASE's every branch on every row):
// on or after last, O(1); from start = last - w up to last, the head and the tail interactions dated on or before it;
// before start or kept at another half-life, a row with seller null (`stale`): the caller reads that person's day
// the exact way. last_touch: the latest interaction on or before the day (null: none yet). Pairs with only a KNOWS
// come from analysis/knows; the strength (1 - e^-A against the declared level) is taken in kamgraph.analysis.facts.
// params: people, days, half_life
// returns: day, seller, person, a, last_touch
// mode: read
UNWIND $people AS pid
MATCH (p:Person {id: pid})<-[t:TIE]-(s:Seller)
UNWIND $days AS day
WITH p, s, t, day
WHERE day >= t.last AND t.h = $half_life
RETURN day, s.id AS seller, p.id AS person, t.a0 * 2.0 ^ (-toFloat(day - t.last) / $half_life) AS a,
       t.last AS last_touch
UNION ALL
UNWIND $people AS pid
MATCH (p:Person {id: pid})<-[t:TIE]-(s:Seller)
UNWIND $days AS day
WITH p, s, t, day
WHERE day < t.last AND day >= t.last - t.w AND t.h = $half_life
WITH p, s, t, day, reduce(l = t.head_last, d IN t.tail_day | CASE WHEN d <= day AND d > l THEN d ELSE l END) AS last
RETURN day, s.id AS seller, p.id AS person,
       t.head0 * 2.0 ^ (-toFloat(day - t.last + t.w) / $half_life)
       + reduce(a = 0.0, j IN range(0, size(t.tail_day) - 1) |
                CASE WHEN t.tail_day[j] <= day
                     THEN a + t.tail_w0[j] * 2.0 ^ (-toFloat(day - t.tail_day[j]) / $half_life) ELSE a END) AS a,
       CASE WHEN last > -1000000 THEN last ELSE NULL END AS last_touch
UNION ALL
UNWIND $people AS pid
MATCH (p:Person {id: pid})<-[t:TIE]-(:Seller)
UNWIND $days AS day
WITH p, t, day
WHERE day < t.last - t.w OR t.h <> $half_life
RETURN DISTINCT day, NULL AS seller, p.id AS person, NULL AS a, NULL AS last_touch
