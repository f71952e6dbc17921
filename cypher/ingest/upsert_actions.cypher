// Actions by id, PLANNED_FOR their account; people, sellers and opportunity are linked by link_actions_*.
// params: rows
// returns: n
// mode: write
UNWIND $rows AS r
MERGE (x:Action {id: r.id})
SET x = r.props
WITH x, r
MATCH (a:Account {id: r.account})
MERGE (x)-[:PLANNED_FOR]->(a)
RETURN count(x) AS n
