// The ids of people with at least one interaction (those a rebuild recomputes), from $after on, in id order.
// params: after, limit
// returns: id
// mode: read
MATCH (p:Person)
WHERE p.id > $after AND (p)<-[:WITH_PERSON]-(:Interaction)
RETURN p.id AS id
ORDER BY id
LIMIT $limit
