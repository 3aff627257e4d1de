// name: dyad_counts
// description: Events per directed dyad, perpetrator side -> target side, for events that started in [from, to) ('unidentified' when the reports name nobody; an event counts once per dyad).
// params: from: datetime = 1900-01-01, to: datetime = 2100-01-01
// example: tatgraph query dyad_counts
// example: tatgraph query dyad_counts -p from=2022-01-01 -p to=2023-01-01
MATCH (e:Event)
WHERE e.start_utc >= $from AND e.start_utc < $to
OPTIONAL MATCH (e)-[:PERFORMED_BY]->(a:Actor)
OPTIONAL MATCH (e)-[:TARGETED]->(t:Actor)
WITH DISTINCT e.id AS event, coalesce(a.side, 'unidentified') AS perpetrator_side,
     coalesce(t.side, 'unidentified') AS target_side
RETURN perpetrator_side, target_side, count(*) AS events
ORDER BY events DESC, perpetrator_side, target_side
