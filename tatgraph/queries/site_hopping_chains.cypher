// name: site_hopping_chains
// description: Response steps that move between sites: each RESPONDS_TO link whose two events are at different sites, with both sites' coordinates and the great-circle distance in km (haversine; at least min_km).
// params: min_km: float = 0.0, min_confidence: float = 0.0
// example: tatgraph query site_hopping_chains
// example: tatgraph query site_hopping_chains -p min_km=100
MATCH (later:Event)-[r:RESPONDS_TO]->(earlier:Event)
WHERE r.confidence >= $min_confidence
MATCH (earlier)-[:AT]->(s1:Site)
MATCH (later)-[:AT]->(s2:Site)
WHERE s1.id <> s2.id
WITH earlier, later, r, s1, s2,
     sin(radians(s2.lat - s1.lat) / 2) ^ 2
       + cos(radians(s1.lat)) * cos(radians(s2.lat)) * sin(radians(s2.lon - s1.lon) / 2) ^ 2 AS h
WITH earlier, later, r, s1, s2, round(2 * 6371.0 * asin(sqrt(h)), 1) AS distance_km
WHERE coalesce(distance_km, 0.0) >= $min_km
RETURN earlier.id AS answered, s1.id AS from_site, s1.lat AS from_lat, s1.lon AS from_lon,
       later.id AS responding, s2.id AS to_site, s2.lat AS to_lat, s2.lon AS to_lon,
       r.lag_hours AS lag_hours, distance_km
ORDER BY distance_km DESC, answered, responding
