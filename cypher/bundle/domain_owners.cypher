// Stored accounts holding any of the given e-mail domains (a domain must name one account).
// params: domains
// returns: domain, account
// mode: read
// Accounts are few (hundreds), so scanning them beats an index on a list property.
MATCH (a:Account)
WHERE a.domains IS NOT NULL
UNWIND a.domains AS domain
WITH a.id AS account, domain
WHERE domain IN $domains
RETURN domain, account
ORDER BY domain, account
