// Every account with its economics and the ids of its team's sellers.
// params: 
// returns: id, tier, stage, currency, potential, revenue, team
// mode: read
MATCH (a:Account)
OPTIONAL MATCH (s:Seller)-[:ON_TEAM]->(a)
RETURN a.id AS id, a.tier AS tier, a.stage AS stage, a.currency AS currency,
       a.potential AS potential, a.revenue AS revenue, collect(s.id) AS team
