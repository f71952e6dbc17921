// Keys of influence links whose source is in every account or in one.
// params: account
// returns: source, target, kind
// mode: read
MATCH (s:Person)-[l:INFLUENCES]->(t:Person)
MATCH (s)-[:EMPLOYED_BY]->(a:Account)
WHERE $account IS NULL OR a.id = $account
RETURN s.id AS source, t.id AS target, l.kind AS kind
