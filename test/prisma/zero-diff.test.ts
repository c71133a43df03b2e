/**
 * Zero spurious differences: a database created the way Prisma Migrate creates it (Prisma's own
 * DDL from the WebAssembly schema engine on PostgreSQL and SQLite; hand-written DDL following
 * Prisma's MySQL renderer on MySQL/MariaDB) must make `check()` report nothing, for every fixture.
 *
 * On PostgreSQL and SQLite the introspected database is also compared, structure by structure,
 * with what datamodelToSchema says Prisma creates, so a difference is named precisely.
 */
import { check } from '../../src';
import { connect } from '../../src/db/connect';
import type { DialectName } from '../../src/db/types';
import { introspect } from '../../src/introspect';
import { datamodelToSchema, parsePrismaSchema } from '../../src/prisma';
import { ALL_DIALECTS, describeDialects } from '../helpers/databases';
import { ApiProject, FIXTURE_NAMES, hasFixture, oracleDdl, readFixture, runSql } from '../fixtures';
import { schemaDifferences } from '../fixtures/schema-differences';

for (const name of FIXTURE_NAMES) {
  const dialects = ALL_DIALECTS.filter((d) => hasFixture(name, d));
  describeDialects(`zero differences on the ${name} fixture created by Prisma's DDL`, (dialect: DialectName, db) => {
    it('pmig check reports nothing', async () => {
      const text = readFixture(name, dialect);
      await runSql(db().url, await oracleDdl(name, dialect));
      const project = new ApiProject(db().url, text);
      try {
        const result = await check(project.options);
        expect(result.descriptions).toEqual([]);
        expect(result.clean).toBe(true);
      } finally {
        project.remove();
      }
      if (dialect === 'mysql') return; // MySQL adds indexes for foreign keys that only compare() knows to ignore.
      const conn = await connect(db().url);
      try {
        const { schemas } = parsePrismaSchema([['schema.prisma', text]]);
        const actual = await introspect(conn, schemas.length ? { schemas } : {});
        expect(schemaDifferences(datamodelToSchema(text), actual)).toEqual([]);
      } finally {
        await conn.close();
      }
    });
  }, dialects);
}
