'use strict';
/**
 * The autogenerate bench's databases: one per (dialect, size), created once, loaded with the
 * model's DDL, read by both tools and dropped at the end. PostgreSQL reuses lib/databases.js;
 * MySQL/MariaDB gets the same shape here (url for pmig, sqlalchemyUrl for Alembic, reset, drop).
 */
const { PostgresBenchDatabase, maskUrl } = require('./databases');

const DEFAULT_MYSQL_URL = 'mysql://root@127.0.0.1:3306/mysql';

class MysqlBenchDatabase {
  /**
   * @param {string} name database to create (a plain identifier)
   * @param {string} [adminUrl] server to create it on (any database the user can connect to)
   */
  constructor(name, adminUrl = process.env.BENCH_MYSQL_URL || DEFAULT_MYSQL_URL) {
    this.dialect = 'mysql';
    this.name = name;
    this.adminUrl = adminUrl;
    const url = new URL(adminUrl);
    url.pathname = `/${name}`;
    url.search = '';
    this.url = url.toString();
    /** PyMySQL is the driver Debian packages for SQLAlchemy (python3-pymysql). */
    this.sqlalchemyUrl = this.url.replace(/^(mysql|mariadb):/, 'mysql+pymysql:');
  }

  async admin(statements, database) {
    const mysql = require('mysql2/promise');
    const url = new URL(this.adminUrl);
    if (database) url.pathname = `/${database}`;
    let conn;
    try {
      conn = await mysql.createConnection(url.toString());
    } catch (e) {
      throw new Error(`Cannot reach MySQL at ${maskUrl(this.adminUrl)} (set BENCH_MYSQL_URL): ${e.message}`);
    }
    try {
      for (const statement of [].concat(statements)) await conn.query(statement);
    } finally {
      await conn.end();
    }
  }

  async reset() {
    await this.admin([`DROP DATABASE IF EXISTS \`${this.name}\``, `CREATE DATABASE \`${this.name}\``]);
  }

  async drop() {
    await this.admin(`DROP DATABASE IF EXISTS \`${this.name}\``);
  }

  /** Runs DDL statements in the bench database. */
  async load(statements) {
    await this.admin(statements, this.name);
  }
}

/** Runs DDL statements in a PostgreSQL bench database, in one transaction (DDL is transactional there). */
async function loadPostgres(db, statements) {
  const { Client } = require('pg');
  const client = new Client({ connectionString: db.url });
  await client.connect();
  try {
    await client.query('BEGIN');
    for (const statement of statements) await client.query(statement);
    await client.query('COMMIT');
  } finally {
    await client.end();
  }
}

/**
 * An empty database of the dialect, created now, with `load(statements)`.
 * @param {'postgresql' | 'mysql'} dialect
 * @param {string} tag distinguishes the run's databases (letters, digits, _)
 */
async function createAutogenDatabase(dialect, tag) {
  const name = `pmig_autogen_${process.pid}_${tag}`;
  let db;
  if (dialect === 'postgresql') {
    db = new PostgresBenchDatabase(name);
    db.load = (statements) => loadPostgres(db, statements);
  } else if (dialect === 'mysql') {
    db = new MysqlBenchDatabase(name);
  } else {
    throw new Error(`Unknown dialect '${dialect}' (postgresql or mysql)`);
  }
  await db.reset();
  return db;
}

module.exports = { createAutogenDatabase, MysqlBenchDatabase };
