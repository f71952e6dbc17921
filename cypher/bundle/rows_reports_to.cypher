// Stored reporting lines for the given keys {person, manager}.
// params: keys
// returns: props, person, manager
// mode: read
UNWIND $keys AS k
MATCH (p:Person {id: k.person})-[l:REPORTS_TO]->(m:Person {id: k.manager})
RETURN properties(l) AS props, p.id AS person, m.id AS manager
