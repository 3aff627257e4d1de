// name: responsibility
// description: Claimed versus attributed responsibility per event: the perpetrators by basis (claimed, attributed, suspected, reported; all empty when nobody is named) and the responsibility statements behind them ('claimant: responsibility responsible').
// params: none
// example: tatgraph query responsibility
// dialect: ladybug
MATCH (e:Event)
OPTIONAL MATCH (e)-[pb:PERFORMED_BY]->(a:Actor)
WITH e,
     list_sort(collect(CASE WHEN pb.basis = 'claimed' THEN a.id END)) AS claimed,
     list_sort(collect(CASE WHEN pb.basis = 'attributed' THEN a.id END)) AS attributed,
     list_sort(collect(CASE WHEN pb.basis = 'suspected' THEN a.id END)) AS suspected,
     list_sort(collect(CASE WHEN pb.basis = 'reported' THEN a.id END)) AS reported
OPTIONAL MATCH (e)<-[:ABOUT]-(c:Claim)-[:BY]->(who:Actor)
WHERE c.responsibility IS NOT NULL
WITH e, claimed, attributed, suspected, reported,
     CASE WHEN c IS NULL THEN NULL
          ELSE who.id + ': ' + c.responsibility + ' ' + coalesce(c.responsible, 'unnamed')
     END AS statement
RETURN e.id AS event, e.kind AS kind, e.start_utc AS start_utc, claimed, attributed, suspected,
       reported, list_sort(collect(DISTINCT statement)) AS statements
ORDER BY start_utc, event
// dialect: neo4j
MATCH (e:Event)
OPTIONAL MATCH (e)-[pb:PERFORMED_BY]->(a:Actor)
WITH e, pb, a ORDER BY a.id
WITH e,
     collect(CASE WHEN pb.basis = 'claimed' THEN a.id END) AS claimed,
     collect(CASE WHEN pb.basis = 'attributed' THEN a.id END) AS attributed,
     collect(CASE WHEN pb.basis = 'suspected' THEN a.id END) AS suspected,
     collect(CASE WHEN pb.basis = 'reported' THEN a.id END) AS reported
OPTIONAL MATCH (e)<-[:ABOUT]-(c:Claim)-[:BY]->(who:Actor)
WHERE c.responsibility IS NOT NULL
WITH e, claimed, attributed, suspected, reported,
     CASE WHEN c IS NULL THEN NULL
          ELSE who.id + ': ' + c.responsibility + ' ' + coalesce(c.responsible, 'unnamed')
     END AS statement
ORDER BY statement
RETURN e.id AS event, e.kind AS kind, e.start_utc AS start_utc, claimed, attributed, suspected,
       reported, collect(DISTINCT statement) AS statements
ORDER BY start_utc, event
