// name: events_by_site_year
// description: Number of events at each site per year (the UTC year an event's window starts in; empty for undated events), year by year, the busiest sites first (equal counts by site id). Reads the year each AT relationship stores (derived, see docs/data-model.md).
// params: none
// example: tatgraph query events_by_site_year
MATCH (:Event)-[r:AT]->(s:Site)
RETURN s.id AS site_id, r.year AS year, count(*) AS events
ORDER BY year, events DESC, site_id
