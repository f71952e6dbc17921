// Removes the links an action row owns, before a changed row is written again.
// params: rows
// returns: n
// mode: write
UNWIND $rows AS r
MATCH (x:Action {id: r.id})-[l:PLANNED_FOR|TARGETS|ABOUT|ASSIGNED]->()
DELETE l
RETURN count(*) AS n
