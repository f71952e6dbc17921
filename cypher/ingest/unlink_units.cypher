// Removes the links a unit row owns, before a changed row is written again.
// params: rows
// returns: n
// mode: write
UNWIND $rows AS r
MATCH (u:Unit {id: r.id})-[l:PART_OF]->()
DELETE l
RETURN count(*) AS n
