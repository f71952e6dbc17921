// Removes the links an account row owns, before a changed row is written again.
// params: rows
// returns: n
// mode: write
UNWIND $rows AS r
MATCH (a:Account {id: r.id})-[l:SUBSIDIARY_OF]->(:Account)
DELETE l
RETURN count(*) AS n
