// name: event_targets
// description: Targets of the given events, with each actor's side.
// params: ids: list[string]
// example: tatgraph query event_targets -p ids=ev_2022_08_24_al_mayadin_us_helicopter_strikes
UNWIND $ids AS i
WITH DISTINCT i
MATCH (e:Event {id: i})-[:TARGETED]->(a:Actor)
RETURN e.id AS event, a.id AS actor_id, a.name AS actor, a.side AS side
ORDER BY event, actor_id
