// name: top_targeted_sites
// description: The sites hit by the most events that started in [from, to), with the first and last of them.
// params: from: datetime = 1900-01-01, to: datetime = 2100-01-01, limit: int = 10
// example: tatgraph query top_targeted_sites
// example: tatgraph query top_targeted_sites -p from=2023-01-01 -p to=2024-01-01 -p limit=3
MATCH (e:Event)-[:AT]->(s:Site)
WHERE e.start_utc >= $from AND e.start_utc < $to
RETURN s.id AS site_id, s.name AS site, s.kind AS site_kind, s.admin1 AS admin1,
       count(e) AS events, min(e.start_utc) AS first_start_utc, max(e.start_utc) AS last_start_utc
ORDER BY events DESC, site_id
LIMIT $limit
