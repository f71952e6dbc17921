// Where a live sync source (one mailbox account, one calendar account) stopped: its JSON position.
// params: source
// returns: data
// mode: read
MATCH (p:SyncPosition {id: $source})
RETURN p.data AS data
