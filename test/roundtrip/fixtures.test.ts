/**
 * The whole loop on every fixture and database, through the programmatic API: from an empty
 * database, autogenerate the first revision, upgrade, check clean; the database pmig made equals
 * the one Prisma's DDL makes; downgrade to base leaves only pmig's version tables; upgrade again
 * is clean.
 */
import { autogenerate, check, downgrade, upgrade } from '../../src';
import type { DialectName } from '../../src/db/types';
import { parsePrismaSchema } from '../../src/prisma';
import { ALL_DIALECTS, createTestDatabase, describeDialects } from '../helpers/databases';
import { ApiProject, FIXTURE_NAMES, hasFixture, oracleDdl, readFixture, runSql } from '../fixtures';
import { schemaDifferences } from '../fixtures/schema-differences';
import { allTables, introspectUrl } from './helpers';

const VERSION_TABLES = ['pmig_version', 'pmig_version_journal', 'pmig_version_log'];
const quiet = { log: () => undefined };

for (const name of FIXTURE_NAMES) {
  const dialects = ALL_DIALECTS.filter((d) => hasFixture(name, d));
  describeDialects(`round trip of the ${name} fixture`, (dialect: DialectName, db) => {
    it('autogenerate, upgrade, check, compare with Prisma, downgrade base, upgrade again', async () => {
      const text = readFixture(name, dialect);
      const { schemas } = parsePrismaSchema([['schema.prisma', text]]);
      const project = new ApiProject(db().url, text);
      try {
        const generated = await autogenerate({ ...project.options, message: 'initial' });
        expect(generated.written).toBeDefined();
        await upgrade('head', { ...project.options, ...quiet });
        expect((await check(project.options)).descriptions).toEqual([]);

        const prismaDb = await createTestDatabase(dialect);
        try {
          await runSql(prismaDb.url, await oracleDdl(name, dialect));
          const byPrisma = await introspectUrl(prismaDb.url, schemas);
          const byPmig = await introspectUrl(db().url, schemas);
          expect(schemaDifferences(byPrisma, byPmig)).toEqual([]);
        } finally {
          await prismaDb.drop();
        }

        await downgrade('base', { ...project.options, ...quiet });
        expect((await allTables(db().url)).filter((t) => !VERSION_TABLES.includes(t))).toEqual([]);
        expect((await introspectUrl(db().url, schemas)).enums).toEqual([]);

        await upgrade('head', { ...project.options, ...quiet });
        expect((await check(project.options)).descriptions).toEqual([]);
      } finally {
        project.remove();
      }
    });
  }, dialects);
}
