// name: response_links
// description: Every RESPONDS_TO link (responding event -> the event it answers) with its basis and lag.
// params: none
// example: tatgraph query response_links
MATCH (b:Event)-[r:RESPONDS_TO]->(a:Event)
RETURN b.id AS event, a.id AS responds_to, r.basis AS basis, r.confidence AS confidence,
       r.lag_hours AS lag_hours, r.cue AS cue, r.source AS source
ORDER BY event, responds_to
