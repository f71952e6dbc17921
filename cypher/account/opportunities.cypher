// Opportunities of an account with how many buying roles are known on each.
// params: account
// returns: id, name, stage, value, currency, close_date, roles
// mode: read
MATCH (o:Opportunity)-[:FOR_ACCOUNT]->(:Account {id: $account})
OPTIONAL MATCH (:Person)-[r:HAS_ROLE]->(o)
RETURN o.id AS id, o.name AS name, o.stage AS stage, o.value AS value, o.currency AS currency,
       o.close_date AS close_date, count(r) AS roles
ORDER BY id
