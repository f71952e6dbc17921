// Lints Cypher queries with Neo4j's own analyzer (@neo4j-cypher/language-support), so a query that
// only works on FalkorDB cannot land. Driven by tests/lintcypher.py, one process for all queries.
//
// stdin:  [{"name": str, "query": str, "parameters": {name: sample_value}}]
// stdout: [{"name": str, "diagnostics": [{"severity": int, "message": str, "line": int, "column": int}]}]
// severity follows LSP (1 error, 2 warning, 3 info, 4 hint); line and column are 1-based.
import { lintCypherQuery, parseStatementsStrs, testData } from "@neo4j-cypher/language-support";

// The target is a plain Neo4j 5 server without the APOC/GDS plugins, so a call to those must be
// reported as unknown just like FalkorDB's algo.* procedures. Revisit if the compose file adds them.
const PLUGIN_PREFIXES = ["apoc.", "gds."];

function builtinsOnly(scoped) {
  const out = {};
  for (const [version, registry] of Object.entries(scoped ?? {})) {
    out[version] = Object.fromEntries(
      Object.entries(registry).filter(([name]) => !PLUGIN_PREFIXES.some((p) => name.startsWith(p))),
    );
  }
  return out;
}

// The package ships the built-in function and procedure signatures of a Neo4j server as test data;
// it is the only offline source of them. Labels, types and property keys are left out on purpose:
// with them the linter would warn about every label the mock database happens not to have.
const mock = testData.mockSchema;
const functions = builtinsOnly(mock.functions);
const procedures = builtinsOnly(mock.procedures);
if (!functions["CYPHER 5"] || !procedures["CYPHER 5"]) {
  process.stderr.write("lint.mjs: testData.mockSchema has no 'CYPHER 5' functions/procedures; package layout changed\n");
  process.exit(2);
}

function readStdin() {
  return new Promise((resolve, reject) => {
    const chunks = [];
    process.stdin.on("data", (c) => chunks.push(c));
    process.stdin.on("end", () => resolve(Buffer.concat(chunks).toString("utf8")));
    process.stdin.on("error", reject);
  });
}

const COMMENT_ONLY = /^\s*(?:(?:\/\/[^\n]*(?:\n|$)|\/\*[\s\S]*?\*\/)\s*)*$/;

// The analyzer accepts `A; B` (Browser runs both), but a driver sends exactly one statement, so a
// second statement in a query file is an error here. Returns a diagnostic at the second statement.
function extraStatement(query) {
  const chunks = parseStatementsStrs(query);
  let offset = 0;
  let seen = 0;
  for (const chunk of chunks) {
    if (!COMMENT_ONLY.test(chunk) && ++seen === 2) {
      const start = offset + (chunk.length - chunk.trimStart().length);
      const before = query.slice(0, start).split("\n");
      return {
        severity: 1,
        message: "More than one statement: a driver runs exactly one per query",
        line: before.length,
        column: before[before.length - 1].length + 1,
      };
    }
    offset += chunk.length;
  }
  return null;
}

function lintOne(item) {
  const dbSchema = {
    functions,
    procedures,
    defaultLanguage: "CYPHER 5",
    parameters: item.parameters ?? {},
  };
  // Console commands (:param, :use) are a Browser/cypher-shell feature, not something a driver runs.
  const { diagnostics } = lintCypherQuery(item.query, dbSchema, { consoleCommandsEnabled: false });
  const out = diagnostics.map((d) => ({
    severity: d.severity ?? 1,
    message: d.message,
    line: d.range.start.line + 1,
    column: d.range.start.character + 1,
  }));
  const extra = extraStatement(item.query);
  if (extra) out.push(extra);
  return out;
}

const input = JSON.parse(await readStdin());
if (!Array.isArray(input)) {
  process.stderr.write("lint.mjs: expected a JSON array on stdin\n");
  process.exit(2);
}
const results = input.map((item) => {
  if (typeof item?.name !== "string" || typeof item?.query !== "string") {
    throw new Error(`lint.mjs: each item needs string "name" and "query": ${JSON.stringify(item)}`);
  }
  return { name: item.name, diagnostics: lintOne(item) };
});
process.stdout.write(JSON.stringify(results));
