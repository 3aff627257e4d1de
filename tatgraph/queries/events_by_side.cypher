// name: events_by_side
// description: Number of events per perpetrator side (an event with perpetrators on two sides counts for both).
// params: none
// example: tatgraph query events_by_side
MATCH (e:Event)-[:PERFORMED_BY]->(a:Actor)
RETURN a.side AS side, count(DISTINCT e.id) AS events
ORDER BY events DESC, side
