/** Splitting a Prisma migration.sql into the statements the imported revision executes one by one. */
import { splitSqlStatements } from '../../src/db/split-sql';

describe('splitSqlStatements', () => {
  test("keeps Prisma's comment headers apart and ignores ; in comments, strings and quoted names", () => {
    const sql = `-- CreateTable
CREATE TABLE "a;b" ("x" TEXT DEFAULT 'it''s; fine');

/* block; comment */
-- AddIndex; still a comment
CREATE INDEX "i" ON "a;b"("x");
-- trailing comment only
`;
    expect(splitSqlStatements(sql, 'postgresql')).toEqual([
      { comments: ['CreateTable'], sql: `CREATE TABLE "a;b" ("x" TEXT DEFAULT 'it''s; fine')` },
      // Only leading `--` lines become TypeScript comments; a block comment stays in the SQL it precedes.
      { comments: [], sql: '/* block; comment */\n-- AddIndex; still a comment\nCREATE INDEX "i" ON "a;b"("x")' },
    ]);
  });

  test('PostgreSQL dollar-quoted bodies stay whole', () => {
    const sql = `CREATE FUNCTION f() RETURNS int AS $body$ SELECT 1; $body$ LANGUAGE sql;
DO $$ BEGIN PERFORM 1; END $$;
SELECT 2`;
    expect(splitSqlStatements(sql, 'postgresql').map((s) => s.sql)).toEqual([
      'CREATE FUNCTION f() RETURNS int AS $body$ SELECT 1; $body$ LANGUAGE sql',
      'DO $$ BEGIN PERFORM 1; END $$',
      'SELECT 2',
    ]);
  });

  test('a SQLite trigger body ends at END; MySQL strings take backslash escapes and backtick names', () => {
    const sqlite = `CREATE TRIGGER t AFTER INSERT ON a BEGIN UPDATE a SET x = 1; DELETE FROM b; END;
CREATE TABLE c (y INTEGER);`;
    expect(splitSqlStatements(sqlite, 'sqlite').map((s) => s.sql)).toEqual([
      'CREATE TRIGGER t AFTER INSERT ON a BEGIN UPDATE a SET x = 1; DELETE FROM b; END',
      'CREATE TABLE c (y INTEGER)',
    ]);
    const mysql = "INSERT INTO `t;1` VALUES ('a\\';b');\nSELECT 1;";
    expect(splitSqlStatements(mysql, 'mysql').map((s) => s.sql)).toEqual(["INSERT INTO `t;1` VALUES ('a\\';b')", 'SELECT 1']);
  });
});
