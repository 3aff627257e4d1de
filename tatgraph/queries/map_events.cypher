// name: map_events
// description: Every event that started in [from, to) with where it happened: its kind, window, site, the site's coordinates, how precise the place is (geo_precision) and the perpetrator sides (one row per event; the map's selection and density view at any size).
// params: from: datetime = 1900-01-01, to: datetime = 2100-01-01
// example: tatgraph query map_events -p from=2023-03-23 -p to=2023-03-25
// dialect: ladybug
MATCH (e:Event)
WHERE e.start_utc >= $from AND e.start_utc < $to
OPTIONAL MATCH (e)-[:AT]->(s:Site)
OPTIONAL MATCH (e)-[:PERFORMED_BY]->(a:Actor)
RETURN e.id AS id, e.kind AS kind, e.start_utc AS start_utc, e.end_utc AS end_utc,
       e.precision AS precision, e.tz AS tz, e.geo_precision AS geo_precision,
       s.id AS site_id, s.name AS site, s.lat AS lat, s.lon AS lon,
       list_sort(collect(DISTINCT a.side)) AS sides
ORDER BY start_utc, id
// dialect: neo4j
MATCH (e:Event)
WHERE e.start_utc >= $from AND e.start_utc < $to
OPTIONAL MATCH (e)-[:AT]->(s:Site)
OPTIONAL MATCH (e)-[:PERFORMED_BY]->(a:Actor)
WITH e, s, a ORDER BY a.side
RETURN e.id AS id, e.kind AS kind, e.start_utc AS start_utc, e.end_utc AS end_utc,
       e.precision AS precision, e.tz AS tz, e.geo_precision AS geo_precision,
       s.id AS site_id, s.name AS site, s.lat AS lat, s.lon AS lon,
       collect(DISTINCT a.side) AS sides
ORDER BY start_utc, id
