// name: date_range
// description: First and last event times (UTC) and the number of events.
// params: none
// example: tatgraph query date_range
MATCH (e:Event)
RETURN min(e.start_utc) AS first, max(e.end_utc) AS last, count(e) AS events
