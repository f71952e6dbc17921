// One audit entry of a write through the API or a token change: who, when, what, ids (never secrets).
// params: id, at, who, action, target, ids
// returns: id
// mode: write
CREATE (e:AuditEntry {id: $id, at: $at, who: $who, action: $action, target: $target, ids: $ids})
RETURN e.id AS id
