// The accounts whose team includes a seller (what a caller bound to that seller may see).
// params: seller
// returns: account
// mode: read
MATCH (:Seller {id: $seller})-[:ON_TEAM]->(a:Account)
RETURN a.id AS account
