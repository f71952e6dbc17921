// Removes a seller from an account team.
// params: account, seller
// returns: n
// mode: write
MATCH (:Seller {id: $seller})-[l:ON_TEAM]->(:Account {id: $account})
DELETE l
RETURN count(*) AS n
