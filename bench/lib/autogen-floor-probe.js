'use strict';
/**
 * The floor of autogenerate, run in a fresh Node process as pmig itself runs: connect with pmig's
 * own connect(), then pmig's introspector (dist/introspect), whose every catalog statement is timed
 * on the wire by wrapping the connection's query(). Prints one JSON line:
 *
 *   { connectSeconds, introspectSeconds, querySeconds, queries: [{ sql, seconds, rows }], tables }
 *
 * querySeconds is the catalog queries alone (sum of query() round trips, rows decoded by the
 * driver); introspectSeconds adds pmig's normalisation of the rows into a Schema.
 *
 *   node bench/lib/autogen-floor-probe.js <database url>   (the URL may also come as DATABASE_URL)
 */
const { resolve } = require('node:path');

const DIST = resolve(__dirname, '..', '..', 'dist');

/** The catalog a statement reads (its first FROM at the start of a line), to tell the queries apart. */
function statementLabel(sql) {
  const catalog = sql.match(/^\s*FROM\s+((?:pg_|information_schema\.|sqlite_|pragma_)\w+)/im);
  if (catalog) return catalog[1].replace(/^information_schema\./i, '');
  // A statement without a catalog (e.g. `SELECT current_schema() AS schema`): its first expression.
  return sql.replace(/\s+/g, ' ').trim().replace(/^SELECT /i, '').split(/ AS |,/i)[0].slice(0, 30);
}

/** Wraps conn.query so that each statement's round trip is recorded. */
function recordQueries(conn) {
  const queries = [];
  const query = conn.query.bind(conn);
  conn.query = async (sql, params) => {
    const started = process.hrtime.bigint();
    const rows = await query(sql, params);
    queries.push({ sql: statementLabel(sql), seconds: Number(process.hrtime.bigint() - started) / 1e9, rows: rows.length });
    return rows;
  };
  return queries;
}

async function main() {
  const url = process.argv[2] || process.env.DATABASE_URL;
  if (!url) throw new Error('usage: autogen-floor-probe.js <database url>');
  const { connect } = require(`${DIST}/db/connect.js`);
  const { introspect } = require(`${DIST}/introspect/index.js`);

  let started = process.hrtime.bigint();
  const conn = await connect(url);
  const connectSeconds = Number(process.hrtime.bigint() - started) / 1e9;
  try {
    const queries = recordQueries(conn);
    started = process.hrtime.bigint();
    const schema = await introspect(conn, {});
    const introspectSeconds = Number(process.hrtime.bigint() - started) / 1e9;
    const querySeconds = queries.reduce((sum, q) => sum + q.seconds, 0);
    process.stdout.write(`${JSON.stringify({ connectSeconds, introspectSeconds, querySeconds, queries, tables: schema.tables.length })}\n`);
  } finally {
    await conn.close();
  }
}

main().catch((e) => {
  console.error(`floor probe failed: ${e.message}`);
  process.exitCode = 1;
});
