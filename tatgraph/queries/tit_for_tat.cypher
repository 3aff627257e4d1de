// name: tit_for_tat
// description: Tit-for-tat cycles: side A acts, side B answers, A answers back (two consecutive RESPONDS_TO steps with perpetrator sides A, B, A) within window_hours from the first event to the counter-response.
// params: window_hours: float = 168.0, min_confidence: float = 0.0
// example: tatgraph query tit_for_tat
// example: tatgraph query tit_for_tat -p window_hours=24
MATCH (x:Event)<-[r1:RESPONDS_TO]-(y:Event)<-[r2:RESPONDS_TO]-(z:Event)
WHERE r1.lag_hours + r2.lag_hours <= $window_hours
  AND r1.confidence >= $min_confidence AND r2.confidence >= $min_confidence
MATCH (x)-[:PERFORMED_BY]->(ax:Actor)
MATCH (y)-[:PERFORMED_BY]->(ay:Actor)
MATCH (z)-[:PERFORMED_BY]->(az:Actor)
WHERE ax.side = az.side AND ax.side <> ay.side
RETURN DISTINCT ax.side AS side_a, ay.side AS side_b, x.id AS first_event, y.id AS reply_event,
       z.id AS counter_event, x.start_utc AS first_start_utc, r1.lag_hours AS reply_lag_hours,
       r2.lag_hours AS counter_lag_hours, r1.lag_hours + r2.lag_hours AS total_lag_hours
ORDER BY first_start_utc, first_event, reply_event, counter_event
