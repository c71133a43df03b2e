/**
 * The application during a bench phase: a separate process (SQLite's driver is synchronous, so it
 * cannot share the bench's event loop) that keeps updating random rows of the table, one autocommit
 * statement at a time, and reports the longest any statement waited.
 *
 *   node bench/backfill-writer.js <url> <table> <rows>   (forked by bench/backfill.js; 'stop' over IPC)
 */
const { connect } = require('../dist/db/connect');

async function main() {
  const [url, table, rowsText] = process.argv.slice(2);
  const rows = Number(rowsText);
  const conn = await connect(url);
  const placeholder = conn.dialect === 'postgresql' ? '$1' : '?';
  const sql = `UPDATE ${table} SET touched = touched + 1 WHERE id = ${placeholder}`;
  let stopping = false;
  let statements = 0;
  let longestMs = 0;
  process.on('message', (m) => {
    if (m === 'stop') stopping = true;
  });
  process.send('ready');
  while (!stopping) {
    const id = 1 + Math.floor(Math.random() * rows);
    const started = performance.now();
    await conn.execute(sql, [id]);
    longestMs = Math.max(longestMs, performance.now() - started);
    statements += 1;
    // A steady trickle, as an application would write, rather than a loop competing for the CPU.
    await new Promise((r) => setTimeout(r, 2));
  }
  await conn.close();
  process.send({ statements, longestMs }, () => process.disconnect());
}

main().catch((e) => {
  process.send({ error: e.message }, () => process.disconnect());
});
