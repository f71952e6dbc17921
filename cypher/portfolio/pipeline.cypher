// Open pipeline per account and currency: the sum of the open opportunities' values (none counts 0).
// params: open_stages
// returns: account, currency, total
// mode: read
MATCH (o:Opportunity)-[:FOR_ACCOUNT]->(a:Account)
WHERE o.stage IN $open_stages
RETURN a.id AS account, o.currency AS currency, sum(coalesce(o.value, 0.0)) AS total
