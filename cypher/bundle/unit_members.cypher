// Stored people and child units in the given units, each with the account it belongs to: a bundle
// that moves a unit to another account must not leave them behind in the old one.
// params: units
// returns: unit, kind, id, account
// mode: read
// WORKS_IN comes only from people and PART_OF between units only from child units, so the type
// of the link says which table the member is a row of.
UNWIND $units AS uid
MATCH (m)-[r:WORKS_IN|PART_OF]->(:Unit {id: uid})
OPTIONAL MATCH (m)-[:EMPLOYED_BY|PART_OF]->(a:Account)
RETURN uid AS unit, CASE type(r) WHEN 'WORKS_IN' THEN 'people' ELSE 'units' END AS kind,
       m.id AS id, a.id AS account
ORDER BY unit, kind, id
