// Names of an account's people (current or not) and of every seller, for pages that show ids.
// params: account
// returns: people, sellers
// mode: read
OPTIONAL MATCH (p:Person)-[:EMPLOYED_BY]->(:Account {id: $account})
WITH collect({id: p.id, name: p.name, title: p.title}) AS people
OPTIONAL MATCH (s:Seller)
RETURN people, collect({id: s.id, name: s.name, title: s.title}) AS sellers
