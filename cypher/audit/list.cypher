// Audit entries, newest first.
// params: offset, limit
// returns: id, at, who, action, target, ids
// mode: read
MATCH (e:AuditEntry)
RETURN e.id AS id, e.at AS at, e.who AS who, e.action AS action, e.target AS target, e.ids AS ids
ORDER BY at DESC, id DESC
SKIP $offset LIMIT $limit
