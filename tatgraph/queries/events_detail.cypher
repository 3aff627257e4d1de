// name: events_detail
// description: Core fields of the events whose ids are given.
// params: ids: list[string]
// example: tatgraph query events_detail -p ids=ev_2023_03_23_kharab_al_jir_drone
UNWIND $ids AS i
WITH DISTINCT i
MATCH (e:Event {id: i})
RETURN e.id AS id, e.kind AS kind, e.start_utc AS start_utc, e.end_utc AS end_utc,
       e.precision AS precision, e.tz AS tz, e.summary AS summary, e.background AS background,
       e.munitions AS munitions, e.killed_low AS killed_low, e.killed_best AS killed_best,
       e.killed_high AS killed_high, e.injured_low AS injured_low,
       e.injured_best AS injured_best, e.injured_high AS injured_high
ORDER BY start_utc, id
