// Deletes a declared seller relationship.
// params: seller, person
// returns: n
// mode: write
MATCH (:Seller {id: $seller})-[l:KNOWS]->(:Person {id: $person})
DELETE l
RETURN count(*) AS n
