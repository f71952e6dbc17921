// HAS_ROLE (a buying role on an opportunity) keyed by opportunity, person and role.
// params: rows
// returns: n
// mode: write
UNWIND $rows AS r
MATCH (p:Person {id: r.person})
MATCH (o:Opportunity {id: r.opportunity})
MERGE (p)-[l:HAS_ROLE {role: r.role}]->(o)
SET l = r.props
RETURN count(l) AS n
