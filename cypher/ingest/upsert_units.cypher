// Units by id, each PART_OF its account; the parent unit is linked by link_units.
// params: rows
// returns: n
// mode: write
UNWIND $rows AS r
MERGE (u:Unit {id: r.id})
SET u = r.props
WITH u, r
MATCH (a:Account {id: r.account})
MERGE (u)-[:PART_OF]->(a)
RETURN count(u) AS n
