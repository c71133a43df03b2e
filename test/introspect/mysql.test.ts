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

const PRISMA_TABLE_OPTIONS = 'DEFAULT CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci';

describeDialects('MySQL/MariaDB introspection', (_dialect, db) => {
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

  it('reads a Prisma-made schema: auto-increment ids, inline enums, unique indexes, foreign keys, composite keys', async () => {
    await run(
      `CREATE TABLE \`User\` (
        \`id\` INTEGER NOT NULL AUTO_INCREMENT,
        \`email\` VARCHAR(191) NOT NULL,
        \`name\` VARCHAR(120) NULL,
        \`role\` ENUM('USER', 'ADMIN', 'OWNER') NOT NULL DEFAULT 'USER',
        \`createdAt\` DATETIME(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
        UNIQUE INDEX \`User_email_key\`(\`email\`),
        PRIMARY KEY (\`id\`)) ${PRISMA_TABLE_OPTIONS}`,
      `CREATE TABLE \`Post\` (
        \`id\` BIGINT NOT NULL AUTO_INCREMENT,
        \`title\` VARCHAR(191) NOT NULL DEFAULT 'Untitled',
        \`body\` TEXT NULL,
        \`published\` BOOLEAN NOT NULL DEFAULT false,
        \`views\` INTEGER NOT NULL DEFAULT 0,
        \`authorId\` INTEGER NULL,
        INDEX \`Post_title_views_idx\`(\`title\`(50) DESC, \`views\`),
        FULLTEXT INDEX \`Post_body_idx\`(\`body\`),
        PRIMARY KEY (\`id\`)) ${PRISMA_TABLE_OPTIONS}`,
      `CREATE TABLE \`Membership\` (
        \`userId\` INTEGER NOT NULL,
        \`postId\` BIGINT NOT NULL,
        INDEX \`Membership_userId_idx\`(\`userId\`),
        PRIMARY KEY (\`postId\`, \`userId\`)) ${PRISMA_TABLE_OPTIONS}`,
      'ALTER TABLE `Post` ADD CONSTRAINT `Post_authorId_fkey` FOREIGN KEY (`authorId`) REFERENCES `User`(`id`) ON DELETE SET NULL ON UPDATE CASCADE',
      'ALTER TABLE `Membership` ADD CONSTRAINT `Membership_userId_fkey` FOREIGN KEY (`userId`) REFERENCES `User`(`id`) ON DELETE RESTRICT ON UPDATE CASCADE',
      'ALTER TABLE `Membership` ADD CONSTRAINT `Membership_postId_fkey` FOREIGN KEY (`postId`) REFERENCES `Post`(`id`) ON DELETE CASCADE ON UPDATE NO ACTION',
    );

    const schema = await introspect(conn);

    const role = { enum: 'User_role', values: ['USER', 'ADMIN', 'OWNER'] };
    expect(schema.enums).toEqual([{ name: 'User_role', values: ['USER', 'ADMIN', 'OWNER'] }]);
    expect(schema.tables.map((t) => t.name)).toEqual(['Membership', 'Post', 'User']);
    expect(table(schema, 'User')).toEqual({
      name: 'User',
      columns: [
        { name: 'id', type: 'Int', nullable: false, autoincrement: true },
        { name: 'email', type: 'String', nullable: false },
        { name: 'name', type: 'String', nativeType: 'VarChar(120)', nullable: true },
        { name: 'role', type: role, nullable: false, default: 'USER' },
        { name: 'createdAt', type: 'DateTime', nullable: false, default: { now: true } },
      ],
      primaryKey: { columns: ['id'] },
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
        { name: 'body', type: 'String', nativeType: 'Text', nullable: true },
        { name: 'published', type: 'Boolean', nullable: false, default: false },
        { name: 'views', type: 'Int', nullable: false, default: 0 },
        { name: 'authorId', type: 'Int', nullable: true },
      ],
      primaryKey: { columns: ['id'] },
      uniques: [],
      indexes: [
        // The index MySQL made for the foreign key, reported as it is.
        { name: 'Post_authorId_fkey', columns: ['authorId'] },
        { name: 'Post_body_idx', columns: ['body'], using: 'fulltext' },
        { name: 'Post_title_views_idx', columns: [{ name: 'title', order: 'desc', length: 50 }, 'views'] },
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
      ],
      primaryKey: { columns: ['postId', 'userId'] },
      uniques: [],
      indexes: [{ name: 'Membership_userId_idx', columns: ['userId'] }],
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
    await run(`CREATE TABLE \`Types\` (
      \`varchar\` VARCHAR(191) NOT NULL, \`varchar255\` VARCHAR(255), \`char\` CHAR(10),
      \`tinytext\` TINYTEXT, \`text\` TEXT, \`mediumtext\` MEDIUMTEXT, \`longtext\` LONGTEXT,
      \`int\` INT(11), \`uint\` INT UNSIGNED, \`tinyint\` TINYINT, \`utinyint\` TINYINT UNSIGNED, \`bool\` TINYINT(1),
      \`smallint\` SMALLINT, \`usmallint\` SMALLINT UNSIGNED, \`mediumint\` MEDIUMINT, \`umediumint\` MEDIUMINT UNSIGNED,
      \`bigint\` BIGINT, \`ubigint\` BIGINT UNSIGNED, \`year\` YEAR,
      \`decimal\` DECIMAL(65,30), \`money\` DECIMAL(10,2), \`double\` DOUBLE, \`float\` FLOAT,
      \`datetime3\` DATETIME(3), \`datetime\` DATETIME, \`datetime6\` DATETIME(6), \`timestamp\` TIMESTAMP(3) NULL,
      \`date\` DATE, \`time\` TIME(3),
      \`json\` JSON,
      \`longblob\` LONGBLOB, \`blob\` BLOB, \`tinyblob\` TINYBLOB, \`mediumblob\` MEDIUMBLOB,
      \`binary\` BINARY(16), \`varbinary\` VARBINARY(255), \`bit1\` BIT(1), \`bit8\` BIT(8),
      \`set\` SET('a', 'b'), \`point\` POINT
    ) ${PRISMA_TABLE_OPTIONS}`);

    const types = table(await introspect(conn), 'Types')!;

    expect(types.columns).toEqual([
      { name: 'varchar', type: 'String', nullable: false },
      { name: 'varchar255', type: 'String', nativeType: 'VarChar(255)', nullable: true },
      { name: 'char', type: 'String', nativeType: 'Char(10)', nullable: true },
      { name: 'tinytext', type: 'String', nativeType: 'TinyText', nullable: true },
      { name: 'text', type: 'String', nativeType: 'Text', nullable: true },
      { name: 'mediumtext', type: 'String', nativeType: 'MediumText', nullable: true },
      { name: 'longtext', type: 'String', nativeType: 'LongText', nullable: true },
      { name: 'int', type: 'Int', nullable: true },
      { name: 'uint', type: 'Int', nativeType: 'UnsignedInt', nullable: true },
      { name: 'tinyint', type: 'Int', nativeType: 'TinyInt', nullable: true },
      { name: 'utinyint', type: 'Int', nativeType: 'UnsignedTinyInt', nullable: true },
      { name: 'bool', type: 'Boolean', nullable: true },
      { name: 'smallint', type: 'Int', nativeType: 'SmallInt', nullable: true },
      { name: 'usmallint', type: 'Int', nativeType: 'UnsignedSmallInt', nullable: true },
      { name: 'mediumint', type: 'Int', nativeType: 'MediumInt', nullable: true },
      { name: 'umediumint', type: 'Int', nativeType: 'UnsignedMediumInt', nullable: true },
      { name: 'bigint', type: 'BigInt', nullable: true },
      { name: 'ubigint', type: 'BigInt', nativeType: 'UnsignedBigInt', nullable: true },
      { name: 'year', type: 'Int', nativeType: 'Year', nullable: true },
      { name: 'decimal', type: 'Decimal', nullable: true },
      { name: 'money', type: 'Decimal', nativeType: 'Decimal(10,2)', nullable: true },
      { name: 'double', type: 'Float', nullable: true },
      { name: 'float', type: 'Float', nativeType: 'Float', nullable: true },
      { name: 'datetime3', type: 'DateTime', nullable: true },
      { name: 'datetime', type: 'DateTime', nativeType: 'DateTime(0)', nullable: true },
      { name: 'datetime6', type: 'DateTime', nativeType: 'DateTime(6)', nullable: true },
      { name: 'timestamp', type: 'DateTime', nativeType: 'Timestamp(3)', nullable: true },
      { name: 'date', type: 'DateTime', nativeType: 'Date', nullable: true },
      { name: 'time', type: 'DateTime', nativeType: 'Time(3)', nullable: true },
      // On MariaDB this is LONGTEXT + CHECK (json_valid(`json`)): read back as Json.
      { name: 'json', type: 'Json', nullable: true },
      { name: 'longblob', type: 'Bytes', nullable: true },
      { name: 'blob', type: 'Bytes', nativeType: 'Blob', nullable: true },
      { name: 'tinyblob', type: 'Bytes', nativeType: 'TinyBlob', nullable: true },
      { name: 'mediumblob', type: 'Bytes', nativeType: 'MediumBlob', nullable: true },
      { name: 'binary', type: 'Bytes', nativeType: 'Binary(16)', nullable: true },
      { name: 'varbinary', type: 'Bytes', nativeType: 'VarBinary(255)', nullable: true },
      { name: 'bit1', type: 'Boolean', nativeType: 'Bit(1)', nullable: true },
      { name: 'bit8', type: 'Bytes', nativeType: 'Bit(8)', nullable: true },
      { name: 'set', type: 'Unsupported', nativeType: "set('a','b')", nullable: true },
      { name: 'point', type: 'Unsupported', nativeType: 'point', nullable: true },
    ]);
    // The json_valid check was how MariaDB stores JSON, not a user check.
    expect(types.checks).toEqual([]);
  });

  it('normalises defaults: quoted and bare literals, NULL, current_timestamp, expressions', async () => {
    await run(`CREATE TABLE \`Defaults\` (
      \`quote\` VARCHAR(191) DEFAULT 'it''s',
      \`backslash\` VARCHAR(191) DEFAULT 'a\\\\b',
      \`digits\` VARCHAR(10) DEFAULT '123',
      \`negative\` INT DEFAULT -1,
      \`price\` DECIMAL(10,2) DEFAULT 1.50,
      \`ratio\` DOUBLE DEFAULT -0.5,
      \`flag\` BOOLEAN DEFAULT true,
      \`doc\` JSON DEFAULT ('{}'),
      \`status\` ENUM('draft', 'live') DEFAULT 'live',
      \`stamp\` TIMESTAMP(6) NULL DEFAULT CURRENT_TIMESTAMP(6),
      \`token\` VARCHAR(36) DEFAULT (uuid()),
      \`nothing\` VARCHAR(10) DEFAULT NULL,
      \`none\` INT NOT NULL
    ) ${PRISMA_TABLE_OPTIONS}`);

    const columns = table(await introspect(conn), 'Defaults')!.columns;
    const byName = Object.fromEntries(columns.map((c) => [c.name, c]));

    expect(byName.quote.default).toBe("it's");
    expect(byName.backslash.default).toBe('a\\b');
    expect(byName.digits.default).toBe('123');
    expect(byName.negative.default).toBe(-1);
    expect(byName.price.default).toBe(1.5);
    expect(byName.ratio.default).toBe(-0.5);
    expect(byName.flag.default).toBe(true);
    expect(byName.doc.default).toBe('{}');
    expect(byName.status).toEqual({
      name: 'status', type: { enum: 'Defaults_status', values: ['draft', 'live'] }, nullable: true, default: 'live',
    });
    expect(byName.stamp.default).toEqual({ now: true });
    expect(byName.token.default).toEqual({ sql: 'uuid()' });
    expect(byName.nothing).toEqual({ name: 'nothing', type: 'String', nativeType: 'VarChar(10)', nullable: true });
    expect(byName.none).toEqual({ name: 'none', type: 'Int', nullable: false });
  });

  it('reads user check constraints and comments', async () => {
    await run(`CREATE TABLE \`Account\` (
      \`id\` INT NOT NULL,
      \`balance\` DECIMAL(12,2) NOT NULL COMMENT 'In cents',
      \`data\` JSON,
      CONSTRAINT \`balance_positive\` CHECK (\`balance\` >= 0),
      PRIMARY KEY (\`id\`)
    ) ${PRISMA_TABLE_OPTIONS} COMMENT 'Customer accounts'`);

    expect(table(await introspect(conn), 'Account')).toEqual({
      name: 'Account',
      comment: 'Customer accounts',
      columns: [
        { name: 'id', type: 'Int', nullable: false },
        { name: 'balance', type: 'Decimal', nativeType: 'Decimal(12,2)', nullable: false, comment: 'In cents' },
        { name: 'data', type: 'Json', nullable: true },
      ],
      primaryKey: { columns: ['id'] },
      uniques: [],
      indexes: [],
      foreignKeys: [],
      checks: [{ name: 'balance_positive', expression: '`balance` >= 0' }],
    });
  });

  it('skips pmig and Prisma bookkeeping tables and applies include/exclude filters', async () => {
    for (const name of ['pmig_version', 'pmig_version_lock', 'audit_version', 'audit_version_lock',
      '_prisma_migrations', 'Keep', 'Legacy', 'tmp_scratch']) {
      await run(`CREATE TABLE \`${name}\` (\`id\` INT)`);
    }
    await run('CREATE VIEW `KeepView` AS SELECT `id` FROM `Keep`');

    const names = async (opts: Parameters<typeof introspect>[1]) =>
      (await introspect(conn, opts)).tables.map((t) => t.name);

    expect(await names({})).toEqual(['audit_version', 'audit_version_lock', 'Keep', 'Legacy', 'tmp_scratch']);
    expect(await names({ versionTable: 'audit_version', excludeTables: ['Legacy'] })).toEqual(['Keep', 'tmp_scratch']);
    expect(await names({ include: (t) => !t.startsWith('tmp_'), excludeTables: ['Legacy'] })).toEqual([
      'audit_version', 'audit_version_lock', 'Keep',
    ]);
  });

  it('sends the same number of catalog queries for 5 tables as for 50', async () => {
    const createTables = async (from: number, to: number) => {
      for (let i = from; i < to; i++) {
        await run(`CREATE TABLE \`T${i}\` (\`id\` INT NOT NULL AUTO_INCREMENT, \`ref\` INT,
          INDEX \`T${i}_ref_idx\`(\`ref\`), PRIMARY KEY (\`id\`))`);
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
}, ['mysql']);
