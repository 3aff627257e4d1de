// name: chain_backward
// description: What an event answers, transitively: every path of responses back in time from it (up to 20 steps), written from the earliest event to the given one, with the lag of each step and the total.
// params: id: string, min_confidence: float = 0.0
// example: tatgraph query chain_backward -p id=ev_2022_08_24_al_mayadin_us_helicopter_strikes
// example: tatgraph query chain_backward -p id=ev_2023_03_24_conoco_rockets
// dialect: ladybug
MATCH p = (event:Event {id: $id})-[:RESPONDS_TO* TRAIL 1..20 (r, _ | WHERE r.confidence >= $min_confidence)]->(earlier:Event)
RETURN list_reverse(list_transform(nodes(p), n -> n.id)) AS ids, length(p) AS steps,
       list_reverse(list_transform(relationships(p), r -> r.lag_hours)) AS lags,
       list_reduce(list_transform(relationships(p), r -> r.lag_hours), (x, y) -> x + y) AS total_lag_hours,
       earlier.id AS first_event
ORDER BY steps DESC, list_reduce(ids, (x, y) -> x + '>' + y)
// dialect: neo4j
MATCH p = (event:Event {id: $id})-[:RESPONDS_TO*1..20]->(earlier:Event)
WHERE all(r IN relationships(p) WHERE r.confidence >= $min_confidence)
RETURN reverse([n IN nodes(p) | n.id]) AS ids, length(p) AS steps,
       reverse([r IN relationships(p) | r.lag_hours]) AS lags,
       reduce(total = 0.0, r IN relationships(p) | total + r.lag_hours) AS total_lag_hours,
       earlier.id AS first_event
ORDER BY steps DESC, reduce(key = '', i IN ids | key + '>' + i)
