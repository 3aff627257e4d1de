// name: events_by_kind
// description: Number of events of each kind, most frequent first.
// params: none
MATCH (e:Event)
RETURN e.kind AS kind, count(e) AS events
ORDER BY events DESC, kind
