// name: events_by_month
// description: Events of each kind per calendar month (the UTC month of the event's start, given as its first instant) for events that started in [from, to).
// params: from: datetime = 1900-01-01, to: datetime = 2100-01-01
// example: tatgraph query events_by_month
// example: tatgraph query events_by_month -p from=2023-01-01 -p to=2024-01-01
// dialect: ladybug
MATCH (e:Event)
WHERE e.start_utc >= $from AND e.start_utc < $to
RETURN date_trunc('month', e.start_utc) AS month, e.kind AS kind, count(*) AS events
ORDER BY month, events DESC, kind
// dialect: neo4j
MATCH (e:Event)
WHERE e.start_utc >= $from AND e.start_utc < $to
RETURN datetime.truncate('month', e.start_utc) AS month, e.kind AS kind, count(*) AS events
ORDER BY month, events DESC, kind
