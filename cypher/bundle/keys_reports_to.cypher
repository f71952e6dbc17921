// Keys of reporting lines whose subordinate is in every account or in one.
// params: account
// returns: person, manager
// mode: read
MATCH (p:Person)-[:REPORTS_TO]->(m:Person)
MATCH (p)-[:EMPLOYED_BY]->(a:Account)
WHERE $account IS NULL OR a.id = $account
RETURN p.id AS person, m.id AS manager
