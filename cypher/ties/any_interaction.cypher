// Whether any interaction is stored (a store without one needs no rebuild).
// params:
// returns: n
// mode: read
MATCH (i:Interaction)
WITH i LIMIT 1
RETURN count(i) AS n
