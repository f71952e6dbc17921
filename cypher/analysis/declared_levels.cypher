// Declared relationships (KNOWS) with the given people that exist at $day: level and target level.
// params: people, day
// returns: seller, person, level, target_level
// mode: read
UNWIND $people AS pid
MATCH (s:Seller)-[k:KNOWS]->(p:Person {id: pid})
WHERE k.since_day IS NULL OR k.since_day <= $day
RETURN s.id AS seller, p.id AS person, k.level AS level, k.target_level AS target_level
