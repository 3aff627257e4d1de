// name: event_sites
// description: The site of each of the given events.
// params: ids: list[string]
// example: tatgraph query event_sites -p ids=ev_2023_03_23_kharab_al_jir_drone,ev_2021_06_28_al_omar_rockets
UNWIND $ids AS i
WITH DISTINCT i
MATCH (e:Event {id: i})-[:AT]->(s:Site)
RETURN e.id AS event, s.id AS site_id, s.name AS site, s.name_ar AS site_ar
ORDER BY event
