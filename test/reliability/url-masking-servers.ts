/**
 * A database per URL form for the URL-masking table: PostgreSQL (trust: any password connects; a
 * role that does not exist is refused), MySQL/MariaDB (a user created with exactly the form's
 * password, and another whose password the form does not have). Everything is dropped after.
 */
import { randomBytes } from 'node:crypto';
import { connect } from '../../src/db/connect';
import { createTestDatabase, MYSQL_ADMIN_URL, type TestDatabase } from '../helpers/databases';
import type { CellServer } from './url-masking-cells';
import type { UrlForm } from './url-forms';

export interface FormServer extends CellServer {
  drop(): Promise<void>;
}

async function pmigRows(db: TestDatabase): Promise<string> {
  const conn = await connect(db.url);
  try {
    const tables = conn.dialect === 'postgresql'
      ? await conn.query<{ name: string }>("SELECT table_name AS name FROM information_schema.tables WHERE table_schema = current_schema() AND table_name LIKE 'pmig%'")
      : await conn.query<{ name: string }>("SELECT table_name AS name FROM information_schema.tables WHERE table_schema = DATABASE() AND table_name LIKE 'pmig%'");
    const out: string[] = [];
    for (const { name } of tables) {
      const quoted = conn.dialect === 'postgresql' ? `"${name}"` : `\`${name}\``;
      out.push(`${name}: ${JSON.stringify(await conn.query(`SELECT * FROM ${quoted}`))}`);
    }
    return out.join('\n');
  } finally {
    await conn.close();
  }
}

export async function serverFor(form: UrlForm): Promise<FormServer> {
  const db = await createTestDatabase(form.dialect);
  if (form.dialect === 'postgresql') {
    const good = { host: '127.0.0.1', port: 5432, database: db.name, user: 'postgres' };
    return { good, refused: { ...good, user: 'pmig_no_such_role' }, pmigRows: () => pmigRows(db), drop: () => db.drop() };
  }
  const tag = randomBytes(3).toString('hex');
  const user = `pmig_mask_${tag}`;
  const other = `pmig_maskw_${tag}`;
  const mysql = await import('mysql2/promise');
  const admin = await mysql.createConnection({ uri: MYSQL_ADMIN_URL });
  const hosts = ['%', 'localhost', '127.0.0.1'];
  try {
    for (const host of hosts) {
      await admin.query('CREATE USER ?@? IDENTIFIED BY ?', [user, host, form.password]);
      await admin.query(`GRANT ALL ON \`${db.name}\`.* TO ?@?`, [user, host]);
      await admin.query('CREATE USER ?@? IDENTIFIED BY ?', [other, host, 'NotTheFormsPassword1']);
    }
  } finally {
    await admin.end();
  }
  const good = { host: '127.0.0.1', port: 3306, database: db.name, user };
  return {
    good,
    refused: { ...good, user: other },
    pmigRows: () => pmigRows(db),
    drop: async () => {
      const a = await mysql.createConnection({ uri: MYSQL_ADMIN_URL });
      try {
        for (const host of hosts) {
          await a.query('DROP USER IF EXISTS ?@?', [user, host]);
          await a.query('DROP USER IF EXISTS ?@?', [other, host]);
        }
      } finally {
        await a.end();
      }
      await db.drop();
    },
  };
}
