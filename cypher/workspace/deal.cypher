// One opportunity with its account and the free-text personal wins of its role holders.
// params: opportunity
// returns: id, name, stage, value, currency, close_date, account, account_name, wins
// mode: read
MATCH (o:Opportunity {id: $opportunity})-[:FOR_ACCOUNT]->(a:Account)
OPTIONAL MATCH (p:Person)-[r:HAS_ROLE]->(o)
RETURN o.id AS id, o.name AS name, o.stage AS stage, o.value AS value, o.currency AS currency,
       o.close_date AS close_date, a.id AS account, a.name AS account_name,
       collect(CASE WHEN p IS NULL THEN NULL ELSE {person: p.id, role: r.role, wins: r.wins} END) AS wins
