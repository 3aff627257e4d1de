// name: actor_ancestors
// description: Every actor the given actor is (transitively) part of, nearest first.
// params: id: string
// example: tatgraph query actor_ancestors -p id=kataib_hezbollah
MATCH p = (a:Actor {id: $id})-[:PART_OF*1..10]->(parent:Actor)
RETURN parent.id AS id, parent.name AS name, parent.side AS side, min(length(p)) AS distance
ORDER BY distance, id
