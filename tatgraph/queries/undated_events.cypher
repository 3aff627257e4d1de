// name: undated_events
// description: How many events nobody could date (precision unknown, no time window) there are, optionally ('' for any) at a site (id or name) or with a perpetrator on a side ('unidentified': none named), and their ids. Time-based views cannot place them and say how many they leave out.
// params: site: string = '', side: string = ''
// example: tatgraph query undated_events
// example: tatgraph query undated_events -p side=iran_aligned
MATCH (e:Event)
WHERE e.start_utc IS NULL
OPTIONAL MATCH (e)-[:AT]->(s:Site)
OPTIONAL MATCH (e)-[:PERFORMED_BY]->(a:Actor)
WITH e, s, collect(DISTINCT a.side) AS sides
WHERE ($site = '' OR toLower(s.id) = toLower($site) OR toLower(s.name) = toLower($site))
  AND ($side = '' OR $side IN sides OR ($side = 'unidentified' AND size(sides) = 0))
RETURN count(e) AS events, collect(e.id) AS ids
