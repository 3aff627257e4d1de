// name: claims_for_events
// description: Every claim about the given events, one row per claim: who said it, where, the figures and the quote (the table form of claims_for_event).
// params: ids: list[string]
// example: tatgraph query claims_for_events -p ids=ev_2023_03_23_kharab_al_jir_drone,ev_2023_03_23_deir_ez_zor_airport_us_airstrikes
UNWIND $ids AS i
WITH DISTINCT i
MATCH (c:Claim)-[:ABOUT]->(e:Event {id: i})
MATCH (c)-[:`IN`]->(s:Source)
OPTIONAL MATCH (c)-[:BY]->(a:Actor)
RETURN c.id AS claim, e.id AS event, a.id AS claimant_id, a.name AS claimant,
       c.killed AS killed, c.injured AS injured, c.munitions AS munitions,
       c.responsibility AS responsibility, c.responsible AS responsible, c.hedged AS hedged,
       s.id AS source, s.outlet AS outlet, s.published AS published, s.url AS url,
       c.quote_start AS quote_start, c.quote_end AS quote_end, c.quote AS quote
ORDER BY event, published, claimant, quote_start, claim
