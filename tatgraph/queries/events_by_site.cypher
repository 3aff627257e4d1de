// name: events_by_site
// description: Number of events at each site, with the site's governorate.
// params: none
// example: tatgraph query events_by_site
MATCH (e:Event)-[:AT]->(s:Site)
RETURN s.id AS site_id, s.name AS site, s.admin1 AS admin1, count(e) AS events
ORDER BY events DESC, site
