// Messages or calendar objects a live sync source has seen (upserted by id).
// params: source, rows
// returns: n
// mode: write
UNWIND $rows AS r
MERGE (i:SyncItem {id: r.id})
SET i.source = $source, i.key = r.key, i.data = r.data
RETURN count(i) AS n
