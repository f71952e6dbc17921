// The KNOWS of each given person that exist on each of $days (since on or before it): the declared part of strength.
// params: people, days
// returns: day, seller, person, level, assessed_on, since
// mode: read
UNWIND $people AS pid
MATCH (p:Person {id: pid})<-[k:KNOWS]-(s:Seller)
UNWIND $days AS day
WITH p, s, k, day
WHERE k.since_day IS NULL OR k.since_day <= day
RETURN day, s.id AS seller, p.id AS person, k.level AS level,
       CASE WHEN k.assessed_on_day <= day THEN k.assessed_on_day ELSE NULL END AS assessed_on, k.since_day AS since
