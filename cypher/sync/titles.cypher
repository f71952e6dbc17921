// The titles (notes) of interactions a live sync is about to remove, for its report.
// params: ids
// returns: id, notes
// mode: read
UNWIND $ids AS id
MATCH (x:Interaction {id: id})
RETURN x.id AS id, x.notes AS notes
