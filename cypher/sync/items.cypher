// What a live sync source has seen, one row per message or calendar object, in pages by key.
// params: source, after, limit
// returns: key, data
// mode: read
MATCH (i:SyncItem {source: $source})
WHERE i.key > $after
RETURN i.key AS key, i.data AS data
ORDER BY key
LIMIT $limit
