// name: as_known_on
// description: The graph as known on a date: events first reported by as_of, each with only the claims published by then (how many, which outlets, the range of killed and injured figures they gave).
// params: as_of: datetime
// example: tatgraph query as_known_on -p as_of=2021-07-01
// example: tatgraph query as_known_on -p as_of=2023-03-24T00:00:00Z
// dialect: ladybug
MATCH (e:Event)
WHERE e.first_reported <= $as_of
OPTIONAL MATCH (e)<-[:ABOUT]-(c:Claim)-[:`IN`]->(s:Source)
WHERE s.published <= $as_of
RETURN e.id AS event, e.kind AS kind, e.start_utc AS start_utc, e.first_reported AS first_reported,
       count(c) AS claims, list_sort(collect(DISTINCT s.outlet)) AS outlets,
       min(c.killed) AS killed_low, max(c.killed) AS killed_high,
       min(c.injured) AS injured_low, max(c.injured) AS injured_high
ORDER BY start_utc, event
// dialect: neo4j
MATCH (e:Event)
WHERE e.first_reported <= $as_of
OPTIONAL MATCH (e)<-[:ABOUT]-(c:Claim)-[:`IN`]->(s:Source)
WHERE s.published <= $as_of
WITH e, c, s ORDER BY s.outlet
RETURN e.id AS event, e.kind AS kind, e.start_utc AS start_utc, e.first_reported AS first_reported,
       count(c) AS claims, collect(DISTINCT s.outlet) AS outlets,
       min(c.killed) AS killed_low, max(c.killed) AS killed_high,
       min(c.injured) AS injured_low, max(c.injured) AS injured_high
ORDER BY start_utc, event
