// Relationship strength of every seller with each given person at $day (DOMAIN.md: the one place of the formula).
// params: people, day, weights, half_life, declared_half_life
// returns: seller, person, strength, last_touch, knows
// mode: read
UNWIND $people AS pid
MATCH (p:Person {id: pid})
OPTIONAL MATCH (p)<-[:WITH_PERSON]-(i:Interaction)-[:WITH_SELLER]->(s:Seller)
WHERE i.date_day <= $day
WITH p, s,
     sum(coalesce($weights[i.kind], $weights.other) * 2.0 ^ (-toFloat($day - i.date_day) / $half_life)) AS a,
     max(i.date_day) AS last_interaction
WITH p, collect(CASE WHEN s IS NULL THEN NULL ELSE {seller: s.id, a: a, last: last_interaction} END) AS touched
OPTIONAL MATCH (ks:Seller)-[k:KNOWS]->(p)
WHERE k.since_day IS NULL OR k.since_day <= $day
WITH p, touched, collect(CASE WHEN k IS NULL THEN NULL ELSE {
       seller: ks.id, level: k.level,
       assessed: CASE WHEN k.assessed_on_day <= $day THEN k.assessed_on_day ELSE NULL END,
       since: k.since_day} END) AS known
UNWIND [t IN touched | t.seller] + [k IN known | k.seller] AS sid
WITH DISTINCT p, sid, touched, known
WITH p.id AS person, sid AS seller,
     head([t IN touched WHERE t.seller = sid]) AS t,
     head([k IN known WHERE k.seller = sid]) AS k
WITH person, seller, k, coalesce(t.a, 0.0) AS a, coalesce(t.last, k.assessed, k.since) AS last_touch
WITH person, seller, k, last_touch, 1.0 - exp(-a) AS s_int,
     CASE WHEN k IS NOT NULL AND last_touch IS NOT NULL
          THEN toFloat(k.level) / 4.0 * 2.0 ^ (-toFloat($day - last_touch) / $declared_half_life)
          ELSE 0.0 END AS s_decl
RETURN seller, person, CASE WHEN s_int >= s_decl THEN s_int ELSE s_decl END AS strength,
       last_touch, k IS NOT NULL AS knows
