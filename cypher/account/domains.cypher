// Every account's e-mail domains (which account an address belongs to).
// params: 
// returns: account, domains
// mode: read
MATCH (a:Account)
WHERE a.domains IS NOT NULL
RETURN a.id AS account, a.domains AS domains
ORDER BY account
