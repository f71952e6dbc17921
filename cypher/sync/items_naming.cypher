// The live sync items whose JSON names an id (a person being erased), to rewrite without it.
// params: needle
// returns: id, source, key, data
// mode: read
MATCH (i:SyncItem)
WHERE i.data CONTAINS $needle
RETURN i.id AS id, i.source AS source, i.key AS key, i.data AS data
ORDER BY id
