// Every activity target with the seller and account it is set for (null: each seller / all accounts).
// params: 
// returns: id, metric, period, target, seller, account
// mode: read
MATCH (t:ActivityTarget)
OPTIONAL MATCH (t)-[:SET_FOR]->(s:Seller)
OPTIONAL MATCH (t)-[:PLANNED_FOR]->(a:Account)
RETURN t.id AS id, t.metric AS metric, t.period AS period, t.target AS target, s.id AS seller,
       a.id AS account
