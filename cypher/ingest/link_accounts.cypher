// SUBSIDIARY_OF: rows {id, parent} (after all accounts of the bundle exist).
// params: rows
// returns: n
// mode: write
UNWIND $rows AS r
MATCH (a:Account {id: r.id})
MATCH (parent:Account {id: r.parent})
MERGE (a)-[l:SUBSIDIARY_OF]->(parent)
RETURN count(l) AS n
