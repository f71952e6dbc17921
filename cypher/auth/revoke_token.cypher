// Deletes an API token by name.
// params: token
// returns: n
// mode: write
MATCH (t:ApiToken {id: $token})
DELETE t
RETURN count(*) AS n
