// name: claims_for_event
// description: What each claimant said about one event, side by side: figures, responsibility, the source and the quote offsets.
// params: id: string
MATCH (c:Claim)-[:ABOUT]->(e:Event {id: $id})
MATCH (c)-[:`IN`]->(s:Source)
OPTIONAL MATCH (c)-[:BY]->(a:Actor)
RETURN c.id AS claim, a.name AS claimant, c.killed AS killed, c.injured AS injured,
       c.munitions AS munitions, c.responsibility AS responsibility,
       c.responsible AS responsible, c.hedged AS hedged, s.outlet AS outlet,
       s.published AS published, c.quote_start AS quote_start, c.quote_end AS quote_end,
       c.quote AS quote
ORDER BY published, claimant
