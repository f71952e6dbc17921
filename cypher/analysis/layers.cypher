// The org layer of the given people (for people of other accounts holding a role on a deal).
// params: people
// returns: id, layer
// mode: read
UNWIND $people AS pid
MATCH (p:Person {id: pid})
RETURN p.id AS id, p.layer AS layer
