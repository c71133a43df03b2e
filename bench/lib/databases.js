'use strict';
/**
 * Throw-away databases for benchmarks: one object per database with the URL each tool expects,
 * `reset()` to make it empty again between runs, and `drop()` at the end.
 *
 * PostgreSQL: a database of its own on the server of BENCH_POSTGRES_URL (default
 * postgresql://postgres@127.0.0.1:5432/postgres, the maintenance database the bench connects to
 * for CREATE/DROP DATABASE). SQLite: a file in a temp folder.
 */
const { rmSync } = require('node:fs');
const { join } = require('node:path');

const DEFAULT_POSTGRES_URL = 'postgresql://postgres@127.0.0.1:5432/postgres';

/** A URL fit for printing: pmig's own masking (every credential form), from the build the bench runs. */
const { maskUrl } = require('../../dist/db/url');

function quoteIdent(name) {
  return `"${name.replace(/"/g, '""')}"`;
}

class PostgresBenchDatabase {
  /**
   * @param {string} name database to create (a plain identifier)
   * @param {string} [adminUrl] server to create it on, through its maintenance database
   */
  constructor(name, adminUrl = process.env.BENCH_POSTGRES_URL || DEFAULT_POSTGRES_URL) {
    this.dialect = 'postgresql';
    this.name = name;
    this.adminUrl = adminUrl;
    const url = new URL(adminUrl);
    url.pathname = `/${name}`;
    url.search = '';
    /** The URL as a Prisma user writes it (pmig's DATABASE_URL). */
    this.url = url.toString();
    /** The same database for SQLAlchemy (psycopg2 is its default PostgreSQL driver). */
    this.sqlalchemyUrl = this.url.replace(/^postgres(ql)?:/, 'postgresql:');
  }

  async admin(sql) {
    const { Client } = require('pg');
    const client = new Client({ connectionString: this.adminUrl });
    try {
      await client.connect();
    } catch (e) {
      throw new Error(`Cannot reach PostgreSQL at ${maskUrl(this.adminUrl)} (set BENCH_POSTGRES_URL): ${e.message}`);
    }
    try {
      for (const statement of [].concat(sql)) await client.query(statement);
    } finally {
      await client.end();
    }
  }

  /** Drops and recreates the database: empty, no version table. */
  async reset() {
    await this.admin([`DROP DATABASE IF EXISTS ${quoteIdent(this.name)} WITH (FORCE)`, `CREATE DATABASE ${quoteIdent(this.name)}`]);
  }

  async drop() {
    await this.admin(`DROP DATABASE IF EXISTS ${quoteIdent(this.name)} WITH (FORCE)`);
  }
}

class SqliteBenchDatabase {
  /** @param {string} file absolute path of the database file */
  constructor(file) {
    this.dialect = 'sqlite';
    this.file = file;
    this.url = `file:${file}`;
    this.sqlalchemyUrl = `sqlite:///${file}`;
  }

  /** Deletes the file and its journals: the next connection starts an empty database. */
  async reset() {
    for (const suffix of ['', '-journal', '-wal', '-shm']) rmSync(this.file + suffix, { force: true });
  }

  async drop() {
    await this.reset();
  }
}

/**
 * A database of the given dialect for one tool of one bench run.
 * @param {'postgresql' | 'sqlite'} dialect
 * @param {string} tag distinguishes databases of the same run (letters, digits, _)
 * @param {string} workDir temp folder of the run (SQLite files go there)
 */
function benchDatabase(dialect, tag, workDir) {
  if (dialect === 'postgresql') return new PostgresBenchDatabase(`pmig_bench_${process.pid}_${tag}`);
  if (dialect === 'sqlite') return new SqliteBenchDatabase(join(workDir, `${tag}.db`));
  throw new Error(`Unknown dialect '${dialect}' (postgresql or sqlite)`);
}

module.exports = { benchDatabase, PostgresBenchDatabase, SqliteBenchDatabase, maskUrl };
