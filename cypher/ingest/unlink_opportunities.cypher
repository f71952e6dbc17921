// Removes the links an opportunity row owns, before a changed row is written again.
// params: rows
// returns: n
// mode: write
UNWIND $rows AS r
MATCH (o:Opportunity {id: r.id})-[l:FOR_ACCOUNT]->()
DELETE l
RETURN count(*) AS n
