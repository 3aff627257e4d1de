// name: stated_candidates
// description: Events that started in [from, to) with their window, kind, site name, aliases and admin1, perpetrators and targets: the events an ACLED note's response cue ("in retaliation for ...") may name.
// params: from: datetime = 1900-01-01, to: datetime = 2100-01-01
// example: tatgraph query stated_candidates -p from=2023-10-22 -p to=2023-10-24
// dialect: ladybug
MATCH (e:Event)
WHERE e.start_utc >= $from AND e.start_utc < $to
OPTIONAL MATCH (e)-[:AT]->(s:Site)
OPTIONAL MATCH (e)-[:PERFORMED_BY]->(p:Actor)
OPTIONAL MATCH (e)-[:TARGETED]->(t:Actor)
RETURN e.id AS id, e.kind AS kind, e.start_utc AS start_utc, e.end_utc AS end_utc,
       s.name AS site, s.aliases AS site_aliases, s.admin1 AS admin1,
       list_sort(collect(DISTINCT p.id)) AS perpetrators,
       list_sort(collect(DISTINCT t.id)) AS targets
ORDER BY start_utc, id
// dialect: neo4j
MATCH (e:Event)
WHERE e.start_utc >= $from AND e.start_utc < $to
OPTIONAL MATCH (e)-[:AT]->(s:Site)
OPTIONAL MATCH (e)-[:PERFORMED_BY]->(p:Actor)
OPTIONAL MATCH (e)-[:TARGETED]->(t:Actor)
WITH e, s, p, t ORDER BY p.id, t.id
RETURN e.id AS id, e.kind AS kind, e.start_utc AS start_utc, e.end_utc AS end_utc,
       s.name AS site, s.aliases AS site_aliases, s.admin1 AS admin1,
       collect(DISTINCT p.id) AS perpetrators, collect(DISTINCT t.id) AS targets
ORDER BY start_utc, id
