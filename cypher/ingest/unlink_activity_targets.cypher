// Removes the links an activity target row owns, before a changed row is written again.
// params: rows
// returns: n
// mode: write
UNWIND $rows AS r
MATCH (t:ActivityTarget {id: r.id})-[l:PLANNED_FOR|SET_FOR]->()
DELETE l
RETURN count(*) AS n
