// Stored buying roles for the given keys {opportunity, person, role}.
// params: keys
// returns: props, opportunity, person
// mode: read
UNWIND $keys AS k
MATCH (p:Person {id: k.person})-[l:HAS_ROLE {role: k.role}]->(o:Opportunity {id: k.opportunity})
RETURN properties(l) AS props, o.id AS opportunity, p.id AS person
