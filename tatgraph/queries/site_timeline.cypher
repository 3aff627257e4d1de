// name: site_timeline
// description: Timeline of one site: its events in time order with kind, perpetrators, targets and casualty estimates.
// params: site: string
// example: tatgraph query site_timeline -p site=al_omar
// example: tatgraph query site_timeline -p site=conoco
// dialect: ladybug
MATCH (e:Event)-[:AT]->(:Site {id: $site})
OPTIONAL MATCH (e)-[:PERFORMED_BY]->(a:Actor)
WITH e, list_sort(collect(DISTINCT a.id)) AS perpetrators
OPTIONAL MATCH (e)-[:TARGETED]->(t:Actor)
WITH e, perpetrators, list_sort(collect(DISTINCT t.id)) AS targets
RETURN e.id AS event, e.kind AS kind, e.start_utc AS start_utc, e.end_utc AS end_utc,
       e.precision AS precision, perpetrators, targets,
       e.killed_best AS killed_best, e.injured_best AS injured_best
ORDER BY start_utc, event
// dialect: neo4j
MATCH (e:Event)-[:AT]->(:Site {id: $site})
OPTIONAL MATCH (e)-[:PERFORMED_BY]->(a:Actor)
WITH e, a ORDER BY a.id
WITH e, collect(DISTINCT a.id) AS perpetrators
OPTIONAL MATCH (e)-[:TARGETED]->(t:Actor)
WITH e, perpetrators, t ORDER BY t.id
WITH e, perpetrators, collect(DISTINCT t.id) AS targets
RETURN e.id AS event, e.kind AS kind, e.start_utc AS start_utc, e.end_utc AS end_utc,
       e.precision AS precision, perpetrators, targets,
       e.killed_best AS killed_best, e.injured_best AS injured_best
ORDER BY start_utc, event
