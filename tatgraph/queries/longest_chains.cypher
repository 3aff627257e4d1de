// name: longest_chains
// description: The longest escalation chains that begin in [from, to): complete paths (up to 20 steps) from an event that answers nothing to one that nothing answers, longest first, with each step's lag.
// params: from: datetime = 1900-01-01, to: datetime = 2100-01-01, limit: int = 10
// example: tatgraph query longest_chains
// example: tatgraph query longest_chains -p from=2022-01-01 -p to=2023-01-01 -p limit=3
// dialect: ladybug
MATCH (root:Event)
WHERE root.start_utc >= $from AND root.start_utc < $to
  AND NOT EXISTS { MATCH (root)-[:RESPONDS_TO]->(:Event) }
MATCH p = (root)<-[:RESPONDS_TO* TRAIL 1..20]-(leaf:Event)
WHERE NOT EXISTS { MATCH (leaf)<-[:RESPONDS_TO]-(:Event) }
RETURN list_transform(nodes(p), n -> n.id) AS ids, length(p) AS steps,
       list_transform(relationships(p), r -> r.lag_hours) AS lags,
       list_reduce(list_transform(relationships(p), r -> r.lag_hours), (x, y) -> x + y) AS total_lag_hours,
       root.start_utc AS start_utc
ORDER BY steps DESC, start_utc, list_reduce(ids, (x, y) -> x + '>' + y)
LIMIT $limit
// dialect: neo4j
MATCH (root:Event)
WHERE root.start_utc >= $from AND root.start_utc < $to
  AND NOT EXISTS { MATCH (root)-[:RESPONDS_TO]->(:Event) }
MATCH p = (root)<-[:RESPONDS_TO*1..20]-(leaf:Event)
WHERE NOT EXISTS { MATCH (leaf)<-[:RESPONDS_TO]-(:Event) }
RETURN [n IN nodes(p) | n.id] AS ids, length(p) AS steps,
       [r IN relationships(p) | r.lag_hours] AS lags,
       reduce(total = 0.0, r IN relationships(p) | total + r.lag_hours) AS total_lag_hours,
       root.start_utc AS start_utc
ORDER BY steps DESC, start_utc, reduce(key = '', i IN ids | key + '>' + i)
LIMIT $limit
