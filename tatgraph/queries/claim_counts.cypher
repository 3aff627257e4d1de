// name: claim_counts
// description: How many claims each of the given events has (events without claims are left out).
// params: ids: list[string]
// example: tatgraph query claim_counts -p ids=ev_2023_03_23_kharab_al_jir_drone,ev_2021_06_28_al_omar_rockets
UNWIND $ids AS i
WITH DISTINCT i
MATCH (c:Claim)-[:ABOUT]->(e:Event {id: i})
RETURN e.id AS event, count(c) AS claims
ORDER BY event
