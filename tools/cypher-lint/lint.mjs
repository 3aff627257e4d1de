#!/usr/bin/env node
// Offline Cypher lint harness for tatgraph's Neo4j backend.
//
// Runs each statement through Neo4j's own Cypher parser and semantic analyser as
// shipped in @neo4j-cypher/language-support (`lintCypherQuery`), targeting Cypher 5.
//
// stdin:  {"schema": {...optional DbSchema...},
//          "statements": [{"name": "...", "query": "...", "parameters": {...}}]}
// stdout: [{"name": "...", "diagnostics": [{"severity", "message", "line", "column",
//           "offset", "offending"}]}]   (line and column are 1-based, offset 0-based)
// exit:   0 when linting ran (diagnostics or not), 2 on bad input, 1 on internal failure.
//
// Schema notes (see DbSchema in the package's src/dbSchema.ts):
// - A statement's `parameters` are merged over `schema.parameters`; any `$name` that is
//   in neither is reported as "Parameter $name is not defined.".
// - `labels` + `relationshipTypes` (both needed) enable unknown label/type warnings,
//   `propertyKeys` enables unknown property warnings, `graphSchema` path warnings.
// - `functions` / `procedures` (keyed by "CYPHER 5" / "CYPHER 25") are merged over the
//   Neo4j built-ins below, so plugin routines (e.g. APOC) must be declared to pass.
// - `defaultLanguage` defaults to "CYPHER 5".
//
// The package declares node >=24.11.1 (npm prints EBADENGINE) but linting works on Node 20.

import { lintCypherQuery, testData } from '@neo4j-cypher/language-support';

const DEFAULT_LANGUAGE = 'CYPHER 5';
const CYPHER_VERSIONS = ['CYPHER 5', 'CYPHER 25'];
const SEVERITIES = { 1: 'error', 2: 'warning', 3: 'information', 4: 'hint' };
// Neo4j's own procedure namespaces; everything else in the snapshot is a plugin (apoc, gds).
const BUILTIN_PROCEDURE = /^(db|dbms|tx|cdc)\./;

class InputError extends Error {}

const isObject = (value) =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

function pickEntries(registry, keep) {
  const entries = Object.entries(registry ?? {});
  return Object.fromEntries(entries.filter(([name, item]) => keep(name, item)));
}

// The package bundles a SHOW FUNCTIONS / SHOW PROCEDURES snapshot of a real Neo4j server
// (exported as `testData.mockSchema`). Without a function registry the linter does not
// check function names at all, so we feed it the built-in part of that snapshot.
function builtinRegistries() {
  const snapshot = testData.mockSchema;
  const functions = {};
  const procedures = {};
  for (const version of CYPHER_VERSIONS) {
    functions[version] = pickEntries(snapshot.functions[version], (_, fn) => fn.isBuiltIn === true);
    procedures[version] = pickEntries(snapshot.procedures[version], (name) =>
      BUILTIN_PROCEDURE.test(name),
    );
  }
  return { functions, procedures };
}

function mergeRegistries(builtin, extra, field) {
  if (extra === undefined) return builtin;
  if (!isObject(extra)) {
    throw new InputError(`schema.${field} must be an object keyed by Cypher version`);
  }
  const merged = { ...builtin };
  for (const [version, registry] of Object.entries(extra)) {
    if (!CYPHER_VERSIONS.includes(version)) {
      throw new InputError(`schema.${field}: unknown Cypher version ${JSON.stringify(version)}`);
    }
    if (!isObject(registry)) {
      throw new InputError(`schema.${field}["${version}"] must be an object`);
    }
    merged[version] = { ...builtin[version], ...registry };
  }
  return merged;
}

function buildSchema(raw) {
  if (raw === undefined || raw === null) raw = {};
  if (!isObject(raw)) throw new InputError('"schema" must be an object');
  if (raw.parameters !== undefined && !isObject(raw.parameters)) {
    throw new InputError('schema.parameters must be an object');
  }
  const language = raw.defaultLanguage ?? DEFAULT_LANGUAGE;
  if (!CYPHER_VERSIONS.includes(language)) {
    throw new InputError(`schema.defaultLanguage must be one of ${CYPHER_VERSIONS.join(', ')}`);
  }
  const builtin = builtinRegistries();
  return {
    ...raw,
    defaultLanguage: language,
    parameters: raw.parameters ?? {},
    functions: mergeRegistries(builtin.functions, raw.functions, 'functions'),
    procedures: mergeRegistries(builtin.procedures, raw.procedures, 'procedures'),
  };
}

function checkStatements(statements) {
  if (!Array.isArray(statements)) throw new InputError('"statements" must be an array');
  const seen = new Set();
  statements.forEach((statement, index) => {
    const where = `statements[${index}]`;
    if (!isObject(statement)) throw new InputError(`${where} must be an object`);
    const { name, query, parameters } = statement;
    if (typeof name !== 'string' || name === '') {
      throw new InputError(`${where}.name must be a non-empty string`);
    }
    if (seen.has(name)) throw new InputError(`${where}: duplicate name ${JSON.stringify(name)}`);
    seen.add(name);
    if (typeof query !== 'string' || query.trim() === '') {
      throw new InputError(`${where} (${name}): query must be a non-empty string`);
    }
    if (parameters !== undefined && parameters !== null && !isObject(parameters)) {
      throw new InputError(`${where} (${name}): parameters must be an object`);
    }
  });
  return statements;
}

function toDiagnostic(query, diagnostic) {
  const { start, end } = diagnostic.offsets ?? { start: -1, end: -1 };
  const known = start >= 0 && end >= start && diagnostic.range.start.line >= 0;
  return {
    severity: SEVERITIES[diagnostic.severity] ?? String(diagnostic.severity),
    message: diagnostic.message,
    line: known ? diagnostic.range.start.line + 1 : 1,
    column: known ? diagnostic.range.start.character + 1 : 1,
    offset: known ? start : 0,
    offending: known ? query.slice(start, end) : query,
  };
}

function lintStatement(schema, { name, query, parameters }) {
  const statementSchema = { ...schema, parameters: { ...schema.parameters, ...parameters } };
  let result;
  try {
    result = lintCypherQuery(query, statementSchema, { consoleCommandsEnabled: false });
  } catch (error) {
    throw new Error(`linting statement ${JSON.stringify(name)} crashed: ${error?.stack ?? error}`);
  }
  return { name, diagnostics: result.diagnostics.map((d) => toDiagnostic(query, d)) };
}

async function readStdin() {
  const chunks = [];
  for await (const chunk of process.stdin) chunks.push(chunk);
  return Buffer.concat(chunks).toString('utf8');
}

async function main() {
  const text = await readStdin();
  let input;
  try {
    input = JSON.parse(text);
  } catch (error) {
    throw new InputError(`stdin is not valid JSON: ${error.message}`);
  }
  if (!isObject(input)) throw new InputError('stdin must hold a JSON object');
  const schema = buildSchema(input.schema);
  const results = checkStatements(input.statements).map((s) => lintStatement(schema, s));
  process.stdout.write(JSON.stringify(results) + '\n');
}

main().catch((error) => {
  const bad = error instanceof InputError;
  const detail = bad ? `bad input: ${error.message}` : (error?.stack ?? String(error));
  process.stderr.write(`cypher-lint: ${detail}\n`);
  process.exitCode = bad ? 2 : 1;
});
