// Calendar objects a live sync source has seen deleted on the server: forgotten.
// params: ids
// returns: n
// mode: write
UNWIND $ids AS id
MATCH (i:SyncItem {id: id})
DELETE i
RETURN count(*) AS n
