// name: response_lags
// description: Response-lag distribution per directed dyad (side of the answered event's perpetrators -> side of the responding event's perpetrators; 'unidentified' when none is named): links, min/avg/max lag in hours and the sorted lags.
// params: min_confidence: float = 0.0
// example: tatgraph query response_lags
// example: tatgraph query response_lags -p min_confidence=0.9
// dialect: ladybug
MATCH (later:Event)-[r:RESPONDS_TO]->(earlier:Event)
WHERE r.confidence >= $min_confidence
OPTIONAL MATCH (earlier)-[:PERFORMED_BY]->(a:Actor)
OPTIONAL MATCH (later)-[:PERFORMED_BY]->(b:Actor)
WITH DISTINCT earlier.id AS answered, later.id AS responding, r.lag_hours AS lag,
     coalesce(a.side, 'unidentified') AS answered_side,
     coalesce(b.side, 'unidentified') AS responding_side
RETURN answered_side, responding_side, count(*) AS links,
       min(lag) AS min_lag_hours, round(avg(lag), 2) AS avg_lag_hours, max(lag) AS max_lag_hours,
       list_sort(collect(lag)) AS lags
ORDER BY links DESC, answered_side, responding_side
// dialect: neo4j
MATCH (later:Event)-[r:RESPONDS_TO]->(earlier:Event)
WHERE r.confidence >= $min_confidence
OPTIONAL MATCH (earlier)-[:PERFORMED_BY]->(a:Actor)
OPTIONAL MATCH (later)-[:PERFORMED_BY]->(b:Actor)
WITH DISTINCT earlier.id AS answered, later.id AS responding, r.lag_hours AS lag,
     coalesce(a.side, 'unidentified') AS answered_side,
     coalesce(b.side, 'unidentified') AS responding_side
ORDER BY lag
RETURN answered_side, responding_side, count(*) AS links,
       min(lag) AS min_lag_hours, round(avg(lag), 2) AS avg_lag_hours, max(lag) AS max_lag_hours,
       collect(lag) AS lags
ORDER BY links DESC, answered_side, responding_side
