import { connect } from '../../src/db/connect';
import type { Connection } from '../../src/db/types';
import { introspect } from '../../src/introspect';
import type { Schema, TableDef } from '../../src/schema/types';
import { describeDialects } from '../helpers/databases';

function table(schema: Schema, name: string): TableDef | undefined {
  return schema.tables.find((t) => t.name === name);
}

/** Counts the statements introspection sends, to show it does not query per table. */
function countingQueries(conn: Connection): { conn: Connection; count: () => number } {
  let count = 0;
  const counted = Object.create(conn) as Connection;
  counted.query = (sql, params) => {
    count += 1;
    return conn.query(sql, params);
  };
  return { conn: counted, count: () => count };
}

describeDialects('PostgreSQL introspection', (_dialect, db) => {
  let conn: Connection;
  beforeEach(async () => {
    conn = await connect(db().url);
  });
  afterEach(async () => {
    await conn.close();
  });
  const run = async (...statements: string[]) => {
    for (const sql of statements) await conn.execute(sql);
  };

  it('reads a Prisma-made schema: serial ids, enums, unique indexes, foreign keys, composite keys', async () => {
    await run(
      `CREATE TYPE "Role" AS ENUM ('USER', 'ADMIN', 'OWNER')`,
      `CREATE TABLE "User" (
        "id" SERIAL NOT NULL,
        "email" TEXT NOT NULL,
        "name" VARCHAR(120),
        "role" "Role" NOT NULL DEFAULT 'USER',
        "roles" "Role"[],
        "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
        CONSTRAINT "User_pkey" PRIMARY KEY ("id"))`,
      `CREATE UNIQUE INDEX "User_email_key" ON "User"("email")`,
      `CREATE TABLE "Post" (
        "id" BIGSERIAL NOT NULL,
        "title" TEXT NOT NULL DEFAULT 'Untitled',
        "published" BOOLEAN NOT NULL DEFAULT false,
        "views" INTEGER NOT NULL DEFAULT 0,
        "tags" TEXT[],
        "meta" JSONB,
        "authorId" INTEGER,
        CONSTRAINT "Post_pkey" PRIMARY KEY ("id"))`,
      `CREATE INDEX "Post_authorId_idx" ON "Post"("authorId")`,
      `CREATE INDEX "Post_title_views_idx" ON "Post"("title" DESC, "views")`,
      `CREATE INDEX "Post_meta_idx" ON "Post" USING GIN ("meta")`,
      `CREATE INDEX "Post_published_idx" ON "Post"("views") WHERE "published" = true`,
      `ALTER TABLE "Post" ADD CONSTRAINT "Post_authorId_fkey" FOREIGN KEY ("authorId") REFERENCES "User"("id") ON DELETE SET NULL ON UPDATE CASCADE`,
      `CREATE TABLE "Membership" (
        "userId" INTEGER NOT NULL,
        "postId" BIGINT NOT NULL,
        "note" TEXT,
        CONSTRAINT "Membership_pkey" PRIMARY KEY ("postId", "userId"))`,
      `ALTER TABLE "Membership" ADD CONSTRAINT "Membership_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User"("id") ON DELETE RESTRICT ON UPDATE CASCADE`,
      `ALTER TABLE "Membership" ADD CONSTRAINT "Membership_postId_fkey" FOREIGN KEY ("postId") REFERENCES "Post"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );

    const schema = await introspect(conn);

    expect(schema.enums).toEqual([{ name: 'Role', values: ['USER', 'ADMIN', 'OWNER'] }]);
    expect(schema.tables.map((t) => t.name)).toEqual(['Membership', 'Post', 'User']);
    const role = { enum: 'Role', values: ['USER', 'ADMIN', 'OWNER'] };
    expect(table(schema, 'User')).toEqual({
      name: 'User',
      columns: [
        { name: 'id', type: 'Int', nullable: false, autoincrement: true },
        { name: 'email', type: 'String', nullable: false },
        { name: 'name', type: 'String', nativeType: 'VarChar(120)', nullable: true },
        { name: 'role', type: role, nullable: false, default: 'USER' },
        { name: 'roles', type: role, list: true, nullable: true },
        { name: 'createdAt', type: 'DateTime', nullable: false, default: { now: true } },
      ],
      primaryKey: { name: 'User_pkey', columns: ['id'] },
      uniques: [],
      indexes: [{ name: 'User_email_key', columns: ['email'], unique: true }],
      foreignKeys: [],
      checks: [],
    });
    expect(table(schema, 'Post')).toEqual({
      name: 'Post',
      columns: [
        { name: 'id', type: 'BigInt', nullable: false, autoincrement: true },
        { name: 'title', type: 'String', nullable: false, default: 'Untitled' },
        { name: 'published', type: 'Boolean', nullable: false, default: false },
        { name: 'views', type: 'Int', nullable: false, default: 0 },
        { name: 'tags', type: 'String', list: true, nullable: true },
        { name: 'meta', type: 'Json', nullable: true },
        { name: 'authorId', type: 'Int', nullable: true },
      ],
      primaryKey: { name: 'Post_pkey', columns: ['id'] },
      uniques: [],
      indexes: [
        { name: 'Post_authorId_idx', columns: ['authorId'] },
        { name: 'Post_meta_idx', columns: ['meta'], using: 'gin' },
        { name: 'Post_published_idx', columns: ['views'], where: '(published = true)' },
        { name: 'Post_title_views_idx', columns: [{ name: 'title', order: 'desc' }, 'views'] },
      ],
      foreignKeys: [
        {
          name: 'Post_authorId_fkey', columns: ['authorId'], referencedTable: 'User', referencedColumns: ['id'],
          onDelete: 'SetNull', onUpdate: 'Cascade',
        },
      ],
      checks: [],
    });
    expect(table(schema, 'Membership')).toEqual({
      name: 'Membership',
      columns: [
        { name: 'userId', type: 'Int', nullable: false },
        { name: 'postId', type: 'BigInt', nullable: false },
        { name: 'note', type: 'String', nullable: true },
      ],
      primaryKey: { name: 'Membership_pkey', columns: ['postId', 'userId'] },
      uniques: [],
      indexes: [],
      foreignKeys: [
        {
          name: 'Membership_postId_fkey', columns: ['postId'], referencedTable: 'Post', referencedColumns: ['id'],
          onDelete: 'Cascade', onUpdate: 'NoAction',
        },
        {
          name: 'Membership_userId_fkey', columns: ['userId'], referencedTable: 'User', referencedColumns: ['id'],
          onDelete: 'Restrict', onUpdate: 'Cascade',
        },
      ],
      checks: [],
    });
  });

  it('maps every common native type to the scalar and @db attribute Prisma uses', async () => {
    await run(`CREATE EXTENSION IF NOT EXISTS citext`);
    await run(`CREATE TABLE "Types" (
      "text" TEXT NOT NULL, "varchar" VARCHAR(191) NOT NULL, "varcharFree" VARCHAR, "char" CHAR(10),
      "uuid" UUID, "xml" XML, "inet" INET, "citext" CITEXT, "bit" BIT(1), "varbit" VARBIT(8),
      "int" INTEGER, "smallint" SMALLINT, "bigint" BIGINT, "oid" OID,
      "float" DOUBLE PRECISION, "real" REAL, "decimal" DECIMAL(65,30), "money2" DECIMAL(10,2), "money" MONEY,
      "ts3" TIMESTAMP(3), "ts6" TIMESTAMP(6), "tsBare" TIMESTAMP, "tstz" TIMESTAMPTZ(6), "tstzBare" TIMESTAMPTZ,
      "date" DATE, "time" TIME(6), "timetz" TIMETZ(3),
      "bool" BOOLEAN, "jsonb" JSONB, "json" JSON, "bytes" BYTEA,
      "ints" INTEGER[], "varchars" VARCHAR(20)[],
      "circle" CIRCLE, "search" TSVECTOR, "span" INTERVAL
    )`);

    const schema = await introspect(conn);

    expect(table(schema, 'Types')!.columns).toEqual([
      { name: 'text', type: 'String', nullable: false },
      { name: 'varchar', type: 'String', nativeType: 'VarChar(191)', nullable: false },
      { name: 'varcharFree', type: 'String', nativeType: 'VarChar', nullable: true },
      { name: 'char', type: 'String', nativeType: 'Char(10)', nullable: true },
      { name: 'uuid', type: 'String', nativeType: 'Uuid', nullable: true },
      { name: 'xml', type: 'String', nativeType: 'Xml', nullable: true },
      { name: 'inet', type: 'String', nativeType: 'Inet', nullable: true },
      { name: 'citext', type: 'String', nativeType: 'Citext', nullable: true },
      { name: 'bit', type: 'String', nativeType: 'Bit(1)', nullable: true },
      { name: 'varbit', type: 'String', nativeType: 'VarBit(8)', nullable: true },
      { name: 'int', type: 'Int', nullable: true },
      { name: 'smallint', type: 'Int', nativeType: 'SmallInt', nullable: true },
      { name: 'bigint', type: 'BigInt', nullable: true },
      { name: 'oid', type: 'Int', nativeType: 'Oid', nullable: true },
      { name: 'float', type: 'Float', nullable: true },
      { name: 'real', type: 'Float', nativeType: 'Real', nullable: true },
      { name: 'decimal', type: 'Decimal', nullable: true },
      { name: 'money2', type: 'Decimal', nativeType: 'Decimal(10,2)', nullable: true },
      { name: 'money', type: 'Decimal', nativeType: 'Money', nullable: true },
      { name: 'ts3', type: 'DateTime', nullable: true },
      { name: 'ts6', type: 'DateTime', nativeType: 'Timestamp(6)', nullable: true },
      { name: 'tsBare', type: 'DateTime', nativeType: 'Timestamp(6)', nullable: true },
      { name: 'tstz', type: 'DateTime', nativeType: 'Timestamptz(6)', nullable: true },
      { name: 'tstzBare', type: 'DateTime', nativeType: 'Timestamptz(6)', nullable: true },
      { name: 'date', type: 'DateTime', nativeType: 'Date', nullable: true },
      { name: 'time', type: 'DateTime', nativeType: 'Time(6)', nullable: true },
      { name: 'timetz', type: 'DateTime', nativeType: 'Timetz(3)', nullable: true },
      { name: 'bool', type: 'Boolean', nullable: true },
      { name: 'jsonb', type: 'Json', nullable: true },
      { name: 'json', type: 'Json', nativeType: 'Json', nullable: true },
      { name: 'bytes', type: 'Bytes', nullable: true },
      { name: 'ints', type: 'Int', list: true, nullable: true },
      { name: 'varchars', type: 'String', nativeType: 'VarChar(20)', list: true, nullable: true },
      { name: 'circle', type: 'Unsupported', nativeType: 'circle', nullable: true },
      { name: 'search', type: 'Unsupported', nativeType: 'tsvector', nullable: true },
      { name: 'span', type: 'Unsupported', nativeType: 'interval', nullable: true },
    ]);
  });

  it('normalises defaults: literals lose casts, identity and serial become autoincrement, the rest stays SQL', async () => {
    await run(
      `CREATE EXTENSION IF NOT EXISTS pgcrypto`,
      `CREATE TYPE "Status" AS ENUM ('draft', 'live')`,
      `CREATE TABLE "Defaults" (
        "id" INTEGER GENERATED BY DEFAULT AS IDENTITY,
        "always" BIGINT GENERATED ALWAYS AS IDENTITY,
        "small" SMALLSERIAL,
        "quote" TEXT DEFAULT 'it''s',
        "digits" VARCHAR(10) DEFAULT '123',
        "negative" INTEGER DEFAULT -1,
        "price" DECIMAL(10,2) DEFAULT 1.50,
        "ratio" DOUBLE PRECISION DEFAULT -0.5,
        "huge" BIGINT DEFAULT 9007199254740993,
        "flag" BOOLEAN DEFAULT true,
        "doc" JSONB DEFAULT '{}',
        "status" "Status" DEFAULT 'live',
        "stamp" TIMESTAMPTZ(6) DEFAULT now(),
        "day" DATE DEFAULT CURRENT_DATE,
        "token" UUID DEFAULT gen_random_uuid(),
        "nothing" TEXT DEFAULT NULL,
        "tags" TEXT[] DEFAULT ARRAY['a', 'b']::TEXT[],
        "upper" TEXT GENERATED ALWAYS AS (upper("quote")) STORED
      )`,
    );

    const columns = table(await introspect(conn), 'Defaults')!.columns;
    const byName = Object.fromEntries(columns.map((c) => [c.name, c]));

    expect(byName.id).toEqual({ name: 'id', type: 'Int', nullable: false, autoincrement: true });
    expect(byName.always).toEqual({ name: 'always', type: 'BigInt', nullable: false, autoincrement: true });
    expect(byName.small).toEqual({ name: 'small', type: 'Int', nativeType: 'SmallInt', nullable: false, autoincrement: true });
    expect(byName.quote.default).toBe("it's");
    expect(byName.digits.default).toBe('123');
    expect(byName.negative.default).toBe(-1);
    expect(byName.price.default).toBe(1.5);
    expect(byName.ratio.default).toBe(-0.5);
    expect(byName.huge.default).toEqual({ sql: '9007199254740993' });
    expect(byName.flag.default).toBe(true);
    expect(byName.doc.default).toBe('{}');
    expect(byName.status.default).toBe('live');
    expect(byName.stamp.default).toEqual({ now: true });
    expect(byName.day.default).toEqual({ sql: 'CURRENT_DATE' });
    expect(byName.token.default).toEqual({ sql: 'gen_random_uuid()' });
    expect(byName.nothing).toEqual({ name: 'nothing', type: 'String', nullable: true });
    expect(byName.tags.default).toEqual({ sql: "ARRAY['a', 'b']" });
    expect(byName.upper).toEqual({ name: 'upper', type: 'String', nullable: true });
  });

  it('tells unique constraints from unique indexes, reads checks and comments, skips expression indexes', async () => {
    await run(
      `CREATE TABLE "Account" (
        "id" INTEGER NOT NULL,
        "code" TEXT NOT NULL,
        "region" TEXT NOT NULL,
        "balance" DECIMAL(12,2) NOT NULL,
        CONSTRAINT "Account_pkey" PRIMARY KEY ("id"),
        CONSTRAINT "balance_positive" CHECK ("balance" >= 0))`,
      `ALTER TABLE "Account" ADD CONSTRAINT "Account_code_region_key" UNIQUE ("code", "region")`,
      `CREATE UNIQUE INDEX "Account_region_code_key" ON "Account"("region", "code")`,
      `CREATE INDEX "Account_lower_code_idx" ON "Account"(lower("code"))`,
      `CREATE INDEX "Account_code_hash_idx" ON "Account" USING HASH ("code")`,
      `COMMENT ON TABLE "Account" IS 'Customer accounts'`,
      `COMMENT ON COLUMN "Account"."code" IS 'External code'`,
    );

    expect(table(await introspect(conn), 'Account')).toEqual({
      name: 'Account',
      comment: 'Customer accounts',
      columns: [
        { name: 'id', type: 'Int', nullable: false },
        { name: 'code', type: 'String', nullable: false, comment: 'External code' },
        { name: 'region', type: 'String', nullable: false },
        { name: 'balance', type: 'Decimal', nativeType: 'Decimal(12,2)', nullable: false },
      ],
      primaryKey: { name: 'Account_pkey', columns: ['id'] },
      uniques: [{ name: 'Account_code_region_key', columns: ['code', 'region'] }],
      indexes: [
        { name: 'Account_code_hash_idx', columns: ['code'], using: 'hash' },
        { name: 'Account_region_code_key', columns: ['region', 'code'], unique: true },
      ],
      foreignKeys: [],
      checks: [{ name: 'balance_positive', expression: 'balance >= 0::numeric' }],
    });
  });

  it('skips pmig and Prisma bookkeeping tables and applies include/exclude filters', async () => {
    await run(
      `CREATE TABLE "pmig_version" ("version_num" VARCHAR(32) NOT NULL)`,
      `CREATE TABLE "pmig_version_lock" ("id" INTEGER)`,
      `CREATE TABLE "audit_version" ("version_num" VARCHAR(32) NOT NULL)`,
      `CREATE TABLE "audit_version_lock" ("id" INTEGER)`,
      `CREATE TABLE "_prisma_migrations" ("id" VARCHAR(36) NOT NULL)`,
      `CREATE TABLE "Keep" ("id" INTEGER)`,
      `CREATE TABLE "Legacy" ("id" INTEGER)`,
      `CREATE TABLE "tmp_scratch" ("id" INTEGER)`,
    );

    const names = async (opts: Parameters<typeof introspect>[1]) =>
      (await introspect(conn, opts)).tables.map((t) => t.name);

    expect(await names({})).toEqual(['Keep', 'Legacy', 'audit_version', 'audit_version_lock', 'tmp_scratch']);
    expect(await names({ versionTable: 'audit_version', excludeTables: ['Legacy'] })).toEqual(['Keep', 'tmp_scratch']);
    expect(await names({ include: (t) => !t.startsWith('tmp_'), excludeTables: ['Legacy'] })).toEqual([
      'Keep', 'audit_version', 'audit_version_lock',
    ]);
  });

  it('reads the listed schemas and names the schema only when it is not the current one', async () => {
    await run(
      `CREATE SCHEMA "auth"`,
      `CREATE TYPE "auth"."Level" AS ENUM ('low', 'high')`,
      `CREATE TABLE "auth"."Session" ("id" TEXT NOT NULL, "level" "auth"."Level" NOT NULL, "userId" INTEGER NOT NULL,
        CONSTRAINT "Session_pkey" PRIMARY KEY ("id"))`,
      `CREATE TABLE "User" ("id" INTEGER NOT NULL, "sessionId" TEXT, CONSTRAINT "User_pkey" PRIMARY KEY ("id"))`,
      `ALTER TABLE "auth"."Session" ADD CONSTRAINT "Session_userId_fkey" FOREIGN KEY ("userId") REFERENCES "public"."User"("id") ON DELETE CASCADE ON UPDATE CASCADE`,
      `ALTER TABLE "User" ADD CONSTRAINT "User_sessionId_fkey" FOREIGN KEY ("sessionId") REFERENCES "auth"."Session"("id") ON DELETE SET NULL ON UPDATE CASCADE`,
    );

    const onlyPublic = await introspect(conn);
    expect(onlyPublic.tables.map((t) => t.name)).toEqual(['User']);
    expect(onlyPublic.enums).toEqual([]);

    const both = await introspect(conn, { schemas: ['public', 'auth'] });
    expect(both.enums).toEqual([{ name: 'Level', schema: 'auth', values: ['low', 'high'] }]);
    expect(both.tables.map((t) => [t.schema, t.name])).toEqual([['auth', 'Session'], [undefined, 'User']]);
    expect(table(both, 'Session')).toEqual({
      name: 'Session',
      schema: 'auth',
      columns: [
        { name: 'id', type: 'String', nullable: false },
        { name: 'level', type: { enum: 'Level', values: ['low', 'high'], schema: 'auth' }, nullable: false },
        { name: 'userId', type: 'Int', nullable: false },
      ],
      primaryKey: { name: 'Session_pkey', columns: ['id'] },
      uniques: [],
      indexes: [],
      foreignKeys: [
        {
          name: 'Session_userId_fkey', columns: ['userId'], referencedTable: 'User', referencedColumns: ['id'],
          onDelete: 'Cascade', onUpdate: 'Cascade',
        },
      ],
      checks: [],
    });
    expect(table(both, 'User')!.foreignKeys).toEqual([
      {
        name: 'User_sessionId_fkey', columns: ['sessionId'], referencedTable: 'Session', referencedSchema: 'auth',
        referencedColumns: ['id'], onDelete: 'SetNull', onUpdate: 'Cascade',
      },
    ]);
  });

  it('sends the same number of catalog queries for 5 tables as for 50', async () => {
    const createTables = async (from: number, to: number) => {
      for (let i = from; i < to; i++) {
        await run(
          `CREATE TABLE "T${i}" ("id" SERIAL NOT NULL, "ref" INTEGER, CONSTRAINT "T${i}_pkey" PRIMARY KEY ("id"))`,
          `CREATE INDEX "T${i}_ref_idx" ON "T${i}"("ref")`,
        );
      }
    };
    await createTables(0, 5);
    const few = countingQueries(conn);
    expect((await introspect(few.conn)).tables).toHaveLength(5);

    await createTables(5, 50);
    const many = countingQueries(conn);
    expect((await introspect(many.conn)).tables).toHaveLength(50);

    expect(many.count()).toBe(few.count());
    expect(few.count()).toBeLessThanOrEqual(6);
  });
}, ['postgresql']);
