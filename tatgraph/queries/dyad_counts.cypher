// name: dyad_counts
// description: Events per directed dyad, perpetrator side -> target side, for events that started in [from, to) ('unidentified' when the reports name nobody; an event counts once per dyad). Reads the sides each event stores (derived, see docs/data-model.md).
// params: from: datetime = 1900-01-01, to: datetime = 2100-01-01
// example: tatgraph query dyad_counts
// example: tatgraph query dyad_counts -p from=2022-01-01 -p to=2023-01-01
MATCH (e:Event)
WHERE e.start_utc >= $from AND e.start_utc < $to
WITH e.perpetrator_sides AS perpetrators, e.target_sides AS targets, count(*) AS n
UNWIND (CASE WHEN size(perpetrators) = 0 THEN ['unidentified'] ELSE perpetrators END) AS perpetrator_side
UNWIND (CASE WHEN size(targets) = 0 THEN ['unidentified'] ELSE targets END) AS target_side
RETURN perpetrator_side, target_side, sum(n) AS events
ORDER BY events DESC, perpetrator_side, target_side
