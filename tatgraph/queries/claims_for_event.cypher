// name: claims_for_event
// description: What each claimant said about one event, side by side: figures, responsibility, the source (outlet, publication time) and the quote offsets.
// params: id: string
// example: tatgraph query claims_for_event -p id=ev_2023_03_23_kharab_al_jir_drone
// example: tatgraph query claims_for_event -p id=ev_2023_10_23_al_omar_drones
MATCH (c:Claim)-[:ABOUT]->(e:Event {id: $id})
MATCH (c)-[:`IN`]->(s:Source)
OPTIONAL MATCH (c)-[:BY]->(a:Actor)
RETURN c.id AS claim, a.id AS claimant_id, a.name AS claimant, c.killed AS killed,
       c.injured AS injured, c.munitions AS munitions, c.responsibility AS responsibility,
       c.responsible AS responsible, c.hedged AS hedged, s.id AS source, s.outlet AS outlet,
       s.published AS published, c.quote_start AS quote_start, c.quote_end AS quote_end,
       c.quote AS quote
ORDER BY published, claimant, quote_start, claim
