// name: link_existing
// description: Every RESPONDS_TO link with its basis, confidence, lag (with its bounds and whether the dates order the two events) and method, for links of confidence >= min_confidence (what tatgraph link keeps apart and tatgraph escalation measures).
// params: min_confidence: float = 0.0
// example: tatgraph query link_existing -p min_confidence=0.5
MATCH (b:Event)-[r:RESPONDS_TO]->(a:Event)
WHERE coalesce(r.confidence, 1.0) >= $min_confidence
RETURN b.id AS event, a.id AS responds_to, r.basis AS basis, r.confidence AS confidence,
       r.lag_hours AS lag_hours, r.lag_min_hours AS lag_min_hours,
       r.lag_max_hours AS lag_max_hours, r.order_known AS order_known, r.method AS method,
       r.components AS components
ORDER BY event, responds_to
