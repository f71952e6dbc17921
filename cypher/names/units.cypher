// Units with their names and accounts: gap subjects and list filters show and take unit names.
// params: only
// returns: id, name, title, account, account_name
// mode: read
UNWIND $only AS wanted
MATCH (u:Unit {id: wanted})
OPTIONAL MATCH (u)-[:PART_OF]->(a:Account)
RETURN u.id AS id, u.name AS name, u.function AS title, a.id AS account, a.name AS account_name
