/** A project with a Prisma schema per dialect, and row helpers, for the safety tests. */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { connect } from '../../src/db/connect';
import type { DialectName } from '../../src/db/types';
import { dialectFor } from '../../src/ddl';

/** Writes prisma/schema.prisma; SQLite has no native types, so `@db.*` attributes are left out there. */
export function writeSchema(dir: string, dialect: DialectName, models: string): void {
  mkdirSync(join(dir, 'prisma'), { recursive: true });
  const body = dialect === 'sqlite' ? models.replace(/ @db\.\w+(\([^)]*\))?/g, '') : models;
  writeFileSync(join(dir, 'prisma', 'schema.prisma'), `datasource db {\n  provider = "${dialect}"\n}\n\n${body}\n`);
}

export async function sql(url: string, statements: string[]): Promise<void> {
  const conn = await connect(url);
  try {
    for (const s of statements) await conn.execute(s);
  } finally {
    await conn.close();
  }
}

export async function rows<T = Record<string, unknown>>(url: string, query: string): Promise<T[]> {
  const conn = await connect(url);
  try {
    return await conn.query<T>(query);
  } finally {
    await conn.close();
  }
}

/** Quotes an identifier the way the dialect does, for the SQL a test writes. */
export function q(dialect: DialectName, identifier: string): string {
  return dialectFor(dialect).quote(identifier);
}
