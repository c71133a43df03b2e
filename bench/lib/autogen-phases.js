'use strict';
/**
 * Where one autogenerate's time goes, phase by phase, in a fresh Node process running pmig's own
 * built modules in the order `pmig check` runs them (the CLI's oclif layer, config and project
 * loading aside). Prints one JSON line of seconds per phase (`connect` includes loading the
 * driver); `node -e 0` and the CLI's total are measured by the caller.
 *
 *   node bench/lib/autogen-phases.js <schema.prisma> <database url>
 */
const { readFileSync } = require('node:fs');
const { resolve } = require('node:path');

const DIST = resolve(__dirname, '..', '..', 'dist');

async function main() {
  const [schemaPath, url] = process.argv.slice(2);
  if (!schemaPath || !url) throw new Error('usage: autogen-phases.js <schema.prisma> <database url>');
  const phases = {};
  let mark = process.hrtime.bigint();
  const lap = (name) => {
    const now = process.hrtime.bigint();
    phases[name] = Number(now - mark) / 1e9;
    mark = now;
  };

  const prisma = require(`${DIST}/prisma/load.js`);
  const { parsePsl } = require(`${DIST}/prisma/psl.js`);
  const { blocksToSchema } = require(`${DIST}/prisma/datamodel-to-schema.js`);
  const { connect } = require(`${DIST}/db/connect.js`);
  const { introspect } = require(`${DIST}/introspect/index.js`);
  const { compareSchemas } = require(`${DIST}/autogenerate/compare.js`);
  const { renderOps } = require(`${DIST}/autogenerate/render.js`);
  lap('modules');
  require('@prisma/prisma-schema-wasm');
  lap('wasm load');

  // The order of api/autogenerate.ts's diffDatabase: connect, then the schema, then introspection.
  const conn = await connect(url);
  lap('connect');
  const files = [[schemaPath, readFileSync(schemaPath, 'utf8')]];
  prisma.validatePrismaSchema(files);
  lap('validate (wasm)');
  const blocks = files.flatMap(([path, text]) => parsePsl(text, path));
  lap('parse (psl)');
  const target = blocksToSchema(blocks);
  lap('to Schema');
  const current = await introspect(conn, {});
  lap('introspect');
  await conn.close();

  const ops = compareSchemas(target, current, { dialect: conn.dialect });
  lap('compare');
  renderOps(ops, { dialect: conn.dialect });
  lap('render');
  process.stdout.write(`${JSON.stringify({ phases, tables: current.tables.length, ops: ops.length })}\n`);
}

main().catch((e) => {
  console.error(`phases probe failed: ${e.message}`);
  process.exitCode = 1;
});
