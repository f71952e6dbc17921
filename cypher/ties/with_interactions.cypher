// Which of the given people have at least one stored interaction (the others get TIEs computed from the bundle).
// params: people
// returns: id
// mode: read
UNWIND $people AS pid
MATCH (p:Person {id: pid})
WHERE (p)<-[:WITH_PERSON]-(:Interaction)
RETURN p.id AS id
