// Our sellers with their names and titles (no account: a seller works on many): names and search.
// params: only
// returns: id, name, title, account, account_name
// mode: read
UNWIND $only AS wanted
MATCH (s:Seller {id: wanted})
RETURN s.id AS id, s.name AS name, s.title AS title, null AS account, null AS account_name
