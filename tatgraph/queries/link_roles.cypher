// name: link_roles
// description: Perpetrator and target actors of the events that started in [from, to), one row per (event, role, actor), as the response linker reads them.
// params: from: datetime = 1900-01-01, to: datetime = 2100-01-01
// example: tatgraph query link_roles -p from=2023-01-01
// Rows come in the engine's order, which differs between Ladybug and Neo4j: the link
// table groups them by event, and sorting every role of a million events would cost more.
MATCH (e:Event)-[:PERFORMED_BY]->(a:Actor)
WHERE e.start_utc >= $from AND e.start_utc < $to
RETURN e.id AS event, 'perpetrator' AS role, a.id AS actor
UNION ALL
MATCH (e:Event)-[:TARGETED]->(a:Actor)
WHERE e.start_utc >= $from AND e.start_utc < $to
RETURN e.id AS event, 'target' AS role, a.id AS actor
