// name: link_events
// description: Events as the response linker reads them (tatgraph link): time window, site coordinates, kind, best casualty figures and munitions, for events that started in [from, to).
// params: from: datetime = 1900-01-01, to: datetime = 2100-01-01
// example: tatgraph query link_events -p from=2023-01-01
MATCH (e:Event)
WHERE e.start_utc >= $from AND e.start_utc < $to
OPTIONAL MATCH (e)-[:AT]->(s:Site)
RETURN e.id AS id, e.kind AS kind, e.start_utc AS start_utc, e.end_utc AS end_utc,
       s.lat AS lat, s.lon AS lon, e.killed_best AS killed_best,
       e.injured_best AS injured_best, e.munitions AS munitions
ORDER BY start_utc, id
