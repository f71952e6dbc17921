// Deletes one buying role.
// params: opportunity, person, role
// returns: n
// mode: write
MATCH (:Person {id: $person})-[l:HAS_ROLE {role: $role}]->(:Opportunity {id: $opportunity})
DELETE l
RETURN count(*) AS n
