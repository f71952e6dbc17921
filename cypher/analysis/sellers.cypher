// Names and titles of the given sellers, with their role on the account's team if any.
// params: sellers, account
// returns: id, name, title, role
// mode: read
UNWIND $sellers AS sid
MATCH (s:Seller {id: sid})
OPTIONAL MATCH (s)-[t:ON_TEAM]->(:Account {id: $account})
RETURN s.id AS id, s.name AS name, s.title AS title, t.role AS role
ORDER BY id
