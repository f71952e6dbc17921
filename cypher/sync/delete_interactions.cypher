// Interactions a live sync wrote and its source has since cancelled or deleted, with their links.
// params: ids
// returns: n
// mode: write
UNWIND $ids AS id
MATCH (x:Interaction {id: id})
DETACH DELETE x
RETURN count(*) AS n
