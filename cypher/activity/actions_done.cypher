// Actions done in [$from, $to] by their responsible seller (R), of $account or of any.
// params: sellers, from, to, account
// returns: seller, day
// mode: read
MATCH (x:Action)-[:ASSIGNED {raci: 'R'}]->(s:Seller)
WHERE s.id IN $sellers AND x.status = 'done' AND x.closed_on_day >= $from AND x.closed_on_day <= $to
MATCH (x)-[:PLANNED_FOR]->(a:Account)
WHERE $account IS NULL OR a.id = $account
RETURN s.id AS seller, x.closed_on_day AS day
