// name: chain_from
// description: Every response chain that starts at the given event and runs forward in time (up to 20 steps): the ids along each path and its length.
// params: id: string
// example: tatgraph query chain_from -p id=ev_2022_08_23_ayyash_us_airstrikes
// dialect: ladybug
MATCH p = (start:Event {id: $id})<-[:RESPONDS_TO* TRAIL 1..20]-(later:Event)
RETURN list_transform(nodes(p), n -> n.id) AS ids, length(p) AS steps
ORDER BY steps DESC, list_reduce(ids, (x, y) -> x + '>' + y)
// dialect: neo4j
MATCH p = (start:Event {id: $id})<-[:RESPONDS_TO*1..20]-(later:Event)
RETURN [n IN nodes(p) | n.id] AS ids, length(p) AS steps
ORDER BY steps DESC, reduce(key = '', i IN ids | key + '>' + i)
