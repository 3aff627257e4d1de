// name: event_places
// description: Where each of the given events happened: its site's coordinates, kind, governorate and country, and how precise the place is (geo_precision 1 the site, 2 near it, 3 the region).
// params: ids: list[string]
// example: tatgraph query event_places -p ids=ev_2023_03_23_kharab_al_jir_drone,ev_2023_03_24_euphrates_east_bank_drones
UNWIND $ids AS i
WITH DISTINCT i
MATCH (e:Event {id: i})-[:AT]->(s:Site)
RETURN e.id AS event, e.geo_precision AS geo_precision, s.id AS site_id, s.name AS site,
       s.name_ar AS site_ar, s.kind AS site_kind, s.lat AS lat, s.lon AS lon,
       s.admin1 AS admin1, s.country AS country
ORDER BY event
