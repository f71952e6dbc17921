// The account team: sellers on the account with their team role.
// params: account
// returns: id, name, title, role
// mode: read
MATCH (s:Seller)-[t:ON_TEAM]->(:Account {id: $account})
RETURN s.id AS id, s.name AS name, s.title AS title, t.role AS role
ORDER BY id
