// Stored account-team memberships for the given keys {account, seller}.
// params: keys
// returns: props, account, seller
// mode: read
UNWIND $keys AS k
MATCH (s:Seller {id: k.seller})-[l:ON_TEAM]->(a:Account {id: k.account})
RETURN properties(l) AS props, a.id AS account, s.id AS seller
