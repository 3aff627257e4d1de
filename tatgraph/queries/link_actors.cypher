// name: link_actors
// description: Every actor with its side and its direct PART_OF parents (the hierarchy the response linker scores actor proximity on).
// params: none
// example: tatgraph query link_actors
// dialect: ladybug
MATCH (a:Actor)
OPTIONAL MATCH (a)-[:PART_OF]->(p:Actor)
RETURN a.id AS id, a.side AS side, list_sort(collect(p.id)) AS parents
ORDER BY id
// dialect: neo4j
MATCH (a:Actor)
OPTIONAL MATCH (a)-[:PART_OF]->(p:Actor)
WITH a, p ORDER BY p.id
RETURN a.id AS id, a.side AS side, collect(p.id) AS parents
ORDER BY id
