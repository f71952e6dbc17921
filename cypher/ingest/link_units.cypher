// PART_OF a parent unit: rows {id, parent} (after all units of the bundle exist).
// params: rows
// returns: n
// mode: write
UNWIND $rows AS r
MATCH (u:Unit {id: r.id})
MATCH (parent:Unit {id: r.parent})
MERGE (u)-[l:PART_OF]->(parent)
RETURN count(l) AS n
