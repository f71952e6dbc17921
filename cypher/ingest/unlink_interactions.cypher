// Removes the links an interaction row owns, before a changed row is written again.
// params: rows
// returns: n
// mode: write
UNWIND $rows AS r
MATCH (i:Interaction {id: r.id})-[l:WITH_SELLER|WITH_PERSON|ABOUT]->()
DELETE l
RETURN count(*) AS n
