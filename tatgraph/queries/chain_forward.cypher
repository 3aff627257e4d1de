// name: chain_forward
// description: The escalation chains that follow from an event: every path of responses forward in time (up to 20 steps) with the lag of each step and the total, longest first.
// params: id: string, min_confidence: float = 0.0
// example: tatgraph query chain_forward -p id=ev_2022_08_23_ayyash_us_airstrikes
// example: tatgraph query chain_forward -p id=ev_2021_06_27_syria_iraq_border_us_airstrikes -p min_confidence=0.9
// dialect: ladybug
MATCH p = (start:Event {id: $id})<-[:RESPONDS_TO* TRAIL 1..20 (r, _ | WHERE r.confidence >= $min_confidence)]-(later:Event)
RETURN list_transform(nodes(p), n -> n.id) AS ids, length(p) AS steps,
       list_transform(relationships(p), r -> r.lag_hours) AS lags,
       list_reduce(list_transform(relationships(p), r -> r.lag_hours), (x, y) -> x + y) AS total_lag_hours,
       later.id AS last_event
ORDER BY steps DESC, list_reduce(ids, (x, y) -> x + '>' + y)
// dialect: neo4j
MATCH p = (start:Event {id: $id})<-[:RESPONDS_TO*1..20]-(later:Event)
WHERE all(r IN relationships(p) WHERE r.confidence >= $min_confidence)
RETURN [n IN nodes(p) | n.id] AS ids, length(p) AS steps,
       [r IN relationships(p) | r.lag_hours] AS lags,
       reduce(total = 0.0, r IN relationships(p) | total + r.lag_hours) AS total_lag_hours,
       later.id AS last_event
ORDER BY steps DESC, reduce(key = '', i IN ids | key + '>' + i)
