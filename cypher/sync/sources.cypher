// The live sync sources of the store, with when each last saved its position.
// params:
// returns: source, updated
// mode: read
MATCH (p:SyncPosition)
RETURN p.id AS source, p.updated AS updated
ORDER BY source
