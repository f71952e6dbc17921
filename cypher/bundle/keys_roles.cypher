// Keys of buying roles on the opportunities of every account or of one.
// params: account
// returns: opportunity, person, role
// mode: read
MATCH (p:Person)-[l:HAS_ROLE]->(o:Opportunity)-[:FOR_ACCOUNT]->(a:Account)
WHERE $account IS NULL OR a.id = $account
RETURN o.id AS opportunity, p.id AS person, l.role AS role
