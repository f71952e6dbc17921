// Forgets a live sync source, its position and items: its next run reads everything again (the interactions it wrote stay).
// params: source
// returns: n
// mode: write
MATCH (n)
WHERE (n:SyncPosition AND n.id = $source) OR (n:SyncItem AND n.source = $source)
DETACH DELETE n
RETURN count(*) AS n
