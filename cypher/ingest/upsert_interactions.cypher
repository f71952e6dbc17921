// Interactions by id (nodes only; their sellers, people and opportunity are linked by link_interactions_*).
// params: rows
// returns: n
// mode: write
UNWIND $rows AS r
MERGE (i:Interaction {id: r.id})
SET i = r.props
RETURN count(i) AS n
