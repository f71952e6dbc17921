// Units with their names and accounts: gap subjects and list filters show and take unit names.
// params: only
// returns: id, name, title, account, account_name
// mode: read
MATCH (u:Unit)
WHERE $only IS NULL OR u.id IN $only
OPTIONAL MATCH (u)-[:PART_OF]->(a:Account)
RETURN u.id AS id, u.name AS name, u.function AS title, a.id AS account, a.name AS account_name
