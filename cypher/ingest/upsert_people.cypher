// People by id, EMPLOYED_BY their account (with since/until); the unit is linked by link_people_unit.
// params: rows
// returns: n
// mode: write
UNWIND $rows AS r
MERGE (p:Person {id: r.id})
SET p = r.props
WITH p, r
MATCH (a:Account {id: r.account})
MERGE (p)-[e:EMPLOYED_BY]->(a)
SET e = r.employment
RETURN count(p) AS n
