// Every action planned for an account, with its targets, opportunity and owner (R); dates as stored.
// params: account
// returns: id, title, strategy, status, addresses, created, due, closed_on, people, opportunity, owner
// mode: read
MATCH (x:Action)-[:PLANNED_FOR]->(:Account {id: $account})
OPTIONAL MATCH (x)-[:TARGETS]->(p:Person)
WITH x, collect(p.id) AS people
OPTIONAL MATCH (x)-[:ABOUT]->(o:Opportunity)
OPTIONAL MATCH (x)-[:ASSIGNED {raci: 'R'}]->(s:Seller)
RETURN x.id AS id, x.title AS title, x.strategy AS strategy, x.status AS status,
       x.addresses AS addresses, x.created AS created, x.due AS due, x.closed_on AS closed_on,
       people, o.id AS opportunity, s.id AS owner
ORDER BY id
