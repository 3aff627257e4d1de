// name: event_perpetrators
// description: Perpetrators of the given events, with each actor's side and the basis of the attribution (claimed, attributed, suspected, reported).
// params: ids: list[string]
// example: tatgraph query event_perpetrators -p ids=ev_2023_10_23_al_omar_drones,ev_2021_06_28_al_omar_rockets
UNWIND $ids AS i
WITH DISTINCT i
MATCH (e:Event {id: i})-[r:PERFORMED_BY]->(a:Actor)
RETURN e.id AS event, a.id AS actor_id, a.name AS actor, a.side AS side, r.basis AS basis
ORDER BY event, actor_id
