// Opportunities by id, each FOR_ACCOUNT its account.
// params: rows
// returns: n
// mode: write
UNWIND $rows AS r
MERGE (o:Opportunity {id: r.id})
SET o = r.props
WITH o, r
MATCH (a:Account {id: r.account})
MERGE (o)-[:FOR_ACCOUNT]->(a)
RETURN count(o) AS n
