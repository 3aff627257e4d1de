// name: timeline_events
// description: Every event that started in [from, to): its window, site and perpetrator sides (one row per event; the timeline's density view at any size).
// params: from: datetime = 1900-01-01, to: datetime = 2100-01-01
// example: tatgraph query timeline_events -p from=2023-03-01 -p to=2023-04-01
// dialect: ladybug
MATCH (e:Event)
WHERE e.start_utc >= $from AND e.start_utc < $to
OPTIONAL MATCH (e)-[:AT]->(s:Site)
OPTIONAL MATCH (e)-[:PERFORMED_BY]->(a:Actor)
RETURN e.id AS id, e.start_utc AS start_utc, e.end_utc AS end_utc, s.id AS site_id,
       s.name AS site, list_sort(collect(DISTINCT a.side)) AS sides
ORDER BY start_utc, id
// dialect: neo4j
MATCH (e:Event)
WHERE e.start_utc >= $from AND e.start_utc < $to
OPTIONAL MATCH (e)-[:AT]->(s:Site)
OPTIONAL MATCH (e)-[:PERFORMED_BY]->(a:Actor)
WITH e, s, a ORDER BY a.side
RETURN e.id AS id, e.start_utc AS start_utc, e.end_utc AS end_utc, s.id AS site_id,
       s.name AS site, collect(DISTINCT a.side) AS sides
ORDER BY start_utc, id
