// Removes the links a person row owns, before a changed row is written again.
// params: rows
// returns: n
// mode: write
UNWIND $rows AS r
MATCH (p:Person {id: r.id})-[l:EMPLOYED_BY|WORKS_IN]->()
DELETE l
RETURN count(*) AS n
