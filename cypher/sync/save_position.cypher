// Where a live sync source stopped, saved in the unit of the step that got there.
// params: source, data, at
// returns: n
// mode: write
MERGE (p:SyncPosition {id: $source})
SET p.data = $data, p.updated = $at
RETURN count(p) AS n
