// Simple influence paths of 1..{{hops}} edges ending at each target, valid at $day; per source and target the strongest and those within $tolerance of it.
// params: targets, day, reporting, up, down, tolerance
// returns: source, target, best, candidates
// mode: read
// hops: 1..5
UNWIND $targets AS tid
MATCH (d:Person {id: tid})
MATCH path = (x:Person)-[:INFLUENCES|REPORTS_TO*1..{{hops}}]-(d)
WITH d, x, nodes(path) AS ns, relationships(path) AS rs
WHERE all(i IN range(0, size(rs) - 1) WHERE
          ((type(rs[i]) = 'INFLUENCES' AND startNode(rs[i]) = ns[i] AND rs[i].polarity = 'positive')
           OR (type(rs[i]) = 'REPORTS_TO' AND $reporting))
          AND (rs[i].since_day IS NULL OR rs[i].since_day <= $day)
          AND (rs[i].until_day IS NULL OR rs[i].until_day >= $day))
  AND all(i IN range(0, size(ns) - 2) WHERE NOT ns[i].id IN [n IN ns[i + 1..] | n.id])
  AND all(n IN ns WHERE (n.since_day IS NULL OR n.since_day <= $day)
                     AND (n.until_day IS NULL OR n.until_day >= $day))
WITH d.id AS target, x.id AS source, [n IN ns | n.id] AS nodes,
     [i IN range(0, size(rs) - 1) | CASE
        WHEN type(rs[i]) = 'INFLUENCES' THEN rs[i].strength
        WHEN startNode(rs[i]) = ns[i] THEN $up
        ELSE $down END] AS edges
WITH source, target, nodes, edges, reduce(s = 1.0, e IN edges | s * e) AS strength
WITH source, target, collect({nodes: nodes, edges: edges, strength: strength}) AS found,
     max(strength) AS best
RETURN source, target, best, [f IN found WHERE f.strength >= best - $tolerance] AS candidates
