// name: event_sites
// description: The site of each of the given events.
// params: ids: list[string]
MATCH (e:Event)-[:AT]->(s:Site)
WHERE e.id IN $ids
RETURN e.id AS event, s.id AS site_id, s.name AS site, s.name_ar AS site_ar
ORDER BY event
