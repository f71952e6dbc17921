// Activity targets by id (nodes only; account and seller are linked by link_activity_targets_*).
// params: rows
// returns: n
// mode: write
UNWIND $rows AS r
MERGE (t:ActivityTarget {id: r.id})
SET t = r.props
RETURN count(t) AS n
