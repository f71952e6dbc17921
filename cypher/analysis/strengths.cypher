// Relationship strength of every seller with each given person on each of $days (DOMAIN.md: the one place of the formula).
// One traversal of the interactions serves every day: the plan reads today and 90 days before at once.
// params: people, days, weights, half_life, declared_half_life
// returns: day, seller, person, strength, last_touch, knows
// mode: read
UNWIND $people AS pid
MATCH (p:Person {id: pid})
OPTIONAL MATCH (p)<-[:WITH_PERSON]-(i:Interaction)-[:WITH_SELLER]->(s:Seller)
WHERE i.date_day <= reduce(m = head($days), d IN $days | CASE WHEN d > m THEN d ELSE m END)
WITH p, s, i.kind AS kind, i.date_day AS touched_on
UNWIND $days AS day
WITH p, day, s,
     sum(CASE WHEN touched_on <= day
              THEN coalesce($weights[kind], $weights.other) * 2.0 ^ (-toFloat(day - touched_on) / $half_life)
              ELSE 0.0 END) AS a,
     max(CASE WHEN touched_on <= day THEN touched_on ELSE NULL END) AS last_interaction
WITH p, day, collect(CASE WHEN s IS NULL OR last_interaction IS NULL THEN NULL
                          ELSE {seller: s.id, a: a, last: last_interaction} END) AS touched
OPTIONAL MATCH (ks:Seller)-[k:KNOWS]->(p)
WHERE k.since_day IS NULL OR k.since_day <= day
WITH p, day, touched, collect(CASE WHEN k IS NULL THEN NULL ELSE {
       seller: ks.id, level: k.level,
       assessed: CASE WHEN k.assessed_on_day <= day THEN k.assessed_on_day ELSE NULL END,
       since: k.since_day} END) AS known
UNWIND [t IN touched | t.seller] + [k IN known | k.seller] AS sid
WITH DISTINCT p, day, sid, touched, known
WITH day, p.id AS person, sid AS seller,
     head([t IN touched WHERE t.seller = sid]) AS t,
     head([k IN known WHERE k.seller = sid]) AS k
WITH day, person, seller, k, coalesce(t.a, 0.0) AS a, coalesce(t.last, k.assessed, k.since) AS last_touch
WITH day, person, seller, k, last_touch, 1.0 - exp(-a) AS s_int,
     CASE WHEN k IS NOT NULL AND last_touch IS NOT NULL
          THEN toFloat(k.level) / 4.0 * 2.0 ^ (-toFloat(day - last_touch) / $declared_half_life)
          ELSE 0.0 END AS s_decl
RETURN day, seller, person, CASE WHEN s_int >= s_decl THEN s_int ELSE s_decl END AS strength,
       last_touch, k IS NOT NULL AS knows
