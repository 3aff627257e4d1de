// name: events_by_kind
// description: Number of events of each kind, most frequent first.
// params: none
// example: tatgraph query events_by_kind
MATCH (e:Event)
RETURN e.kind AS kind, count(e) AS events
ORDER BY events DESC, kind
