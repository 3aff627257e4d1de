// name: events_in_window
// description: The ids and start times of the events that started in [from, to), earliest first (the views' window).
// params: from: datetime = 1900-01-01, to: datetime = 2100-01-01
// example: tatgraph query events_in_window -p from=2023-03-01 -p to=2023-04-01
MATCH (e:Event)
WHERE e.start_utc >= $from AND e.start_utc < $to
RETURN e.id AS id, e.start_utc AS start_utc
ORDER BY start_utc, id
