// Deletes one influence link.
// params: source, target, kind
// returns: n
// mode: write
MATCH (:Person {id: $source})-[l:INFLUENCES {kind: $kind}]->(:Person {id: $target})
DELETE l
RETURN count(*) AS n
