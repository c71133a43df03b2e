'use strict';
/**
 * The autogenerate bench's data model: N tables as Prisma Migrate creates them (12 columns of mixed
 * types, a primary key, a unique, two indexes and a foreign key each), rendered four ways from one
 * description so that every tool sees the same thing:
 *
 * - the live database: Prisma-style DDL for PostgreSQL or MySQL/MariaDB (`renderDdl`);
 * - pmig's target: a Prisma schema (`renderPrismaSchema`);
 * - Alembic's target: SQLAlchemy `Table`s on one MetaData (`renderSqlalchemyModels`).
 *
 * The targets differ from the database by a few percent (`drift`): some tables gain a column, some
 * lose an index, and a few new tables appear, each with an index and a foreign key of its own.
 */

/** Share of the tables that each kind of difference touches (at least one of each). */
const DRIFT_SHARES = { addColumn: 0.03, dropIndex: 0.01, newTable: 0.01 };

/**
 * One column in every vocabulary the bench writes. `pg`/`mysql` are Prisma's DDL for the type and
 * default; `sa` is the SQLAlchemy type per dialect, `saDefault` its server_default.
 */
const COLUMNS = [
  { name: 'id', prisma: 'Int @id @default(autoincrement())', pg: 'SERIAL NOT NULL', mysql: 'INTEGER NOT NULL AUTO_INCREMENT', sa: { postgresql: 'sa.Integer()', mysql: 'sa.Integer()' }, nullable: false, autoincrement: true },
  { name: 'code', prisma: 'String @unique', pg: 'TEXT NOT NULL', mysql: 'VARCHAR(191) NOT NULL', sa: { postgresql: 'sa.Text()', mysql: 'sa.String(191)' }, nullable: false },
  { name: 'name', prisma: 'String @db.VarChar(120)', pg: 'VARCHAR(120) NOT NULL', mysql: 'VARCHAR(120) NOT NULL', sa: { postgresql: 'sa.String(120)', mysql: 'sa.String(120)' }, nullable: false },
  { name: 'description', prisma: 'String?', pg: 'TEXT', mysql: 'VARCHAR(191) NULL', sa: { postgresql: 'sa.Text()', mysql: 'sa.String(191)' }, nullable: true },
  { name: 'quantity', prisma: 'Int @default(0)', pg: 'INTEGER NOT NULL DEFAULT 0', mysql: 'INTEGER NOT NULL DEFAULT 0', sa: { postgresql: 'sa.Integer()', mysql: 'sa.Integer()' }, nullable: false, saDefault: '0' },
  { name: 'price', prisma: 'Decimal @db.Decimal(10, 2)', pg: 'DECIMAL(10,2) NOT NULL', mysql: 'DECIMAL(10, 2) NOT NULL', sa: { postgresql: 'sa.Numeric(10, 2)', mysql: 'sa.Numeric(10, 2)' }, nullable: false },
  { name: 'active', prisma: 'Boolean @default(true)', pg: 'BOOLEAN NOT NULL DEFAULT true', mysql: 'BOOLEAN NOT NULL DEFAULT true', sa: { postgresql: 'sa.Boolean()', mysql: 'sa.Boolean()' }, nullable: false, saDefault: 'true' },
  { name: 'score', prisma: 'Float?', pg: 'DOUBLE PRECISION', mysql: 'DOUBLE NULL', sa: { postgresql: 'postgresql.DOUBLE_PRECISION()', mysql: 'mysql.DOUBLE()' }, nullable: true },
  { name: 'payload', prisma: 'Json?', pg: 'JSONB', mysql: 'JSON NULL', sa: { postgresql: 'postgresql.JSONB()', mysql: 'sa.JSON()' }, nullable: true },
  { name: 'createdAt', prisma: 'DateTime @default(now())', pg: 'TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP', mysql: 'DATETIME(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3)', sa: { postgresql: 'postgresql.TIMESTAMP(precision=3)', mysql: 'mysql.DATETIME(fsp=3)' }, nullable: false, saDefault: { postgresql: 'CURRENT_TIMESTAMP', mysql: 'CURRENT_TIMESTAMP(3)' } },
  { name: 'updatedAt', prisma: 'DateTime @updatedAt', pg: 'TIMESTAMP(3) NOT NULL', mysql: 'DATETIME(3) NOT NULL', sa: { postgresql: 'postgresql.TIMESTAMP(precision=3)', mysql: 'mysql.DATETIME(fsp=3)' }, nullable: false },
  { name: 'parentId', prisma: 'Int', pg: 'INTEGER NOT NULL', mysql: 'INTEGER NOT NULL', sa: { postgresql: 'sa.Integer()', mysql: 'sa.Integer()' }, nullable: false },
];

/** The column the "add column" difference adds to the target. */
const ADDED_COLUMN = { name: 'note', prisma: 'String?', pg: 'TEXT', mysql: 'VARCHAR(191) NULL', sa: { postgresql: 'sa.Text()', mysql: 'sa.String(191)' }, nullable: true };

/** Columns of a table that exists only in the targets. */
const NEW_TABLE_COLUMNS = [
  COLUMNS[0],
  { name: 'label', prisma: 'String', pg: 'TEXT NOT NULL', mysql: 'VARCHAR(191) NOT NULL', sa: { postgresql: 'sa.Text()', mysql: 'sa.String(191)' }, nullable: false },
  { name: 'ownerId', prisma: 'Int', pg: 'INTEGER NOT NULL', mysql: 'INTEGER NOT NULL', sa: { postgresql: 'sa.Integer()', mysql: 'sa.Integer()' }, nullable: false },
];

/** The index that the "drop index" difference leaves out of the target. */
const DROPPABLE_INDEX = ['name', 'createdAt'];

const pad = (n) => String(n).padStart(4, '0');

/** `count` table numbers (1-based) spread evenly over 1..n, shifted by `offset` so kinds don't collide. */
function spread(n, count, offset) {
  return Array.from({ length: count }, (_, k) => Math.min(n, Math.floor(((k + offset) * n) / count) + 1));
}

/**
 * The model: `tables` as they are in the database, and the drift that makes the targets differ.
 * Every table i points at table i/2 (rounded down) and table 1 at itself: every table has a
 * foreign key, the graph is a balanced tree (depth log2 n, no cycle but one self-reference), as in
 * real schemas. (A chain 1,000 deep would be unrealistic, and SQLAlchemy's reflection of it
 * recurses past Python's limit.)
 * @param {number} n number of tables in the database (at least 2)
 */
function benchModel(n) {
  if (!Number.isInteger(n) || n < 2) throw new Error(`the bench needs at least 2 tables, got ${n}`);
  const count = (share) => Math.max(1, Math.round(n * share));
  const tables = Array.from({ length: n }, (_, k) => {
    const i = k + 1;
    const name = `Table${pad(i)}`;
    return {
      name,
      parent: `Table${pad(Math.max(1, Math.floor(i / 2)))}`,
      children: [2 * i, 2 * i + 1].filter((c) => c <= n).map((c) => `Table${pad(c)}`),
      indexes: [['parentId'], DROPPABLE_INDEX],
    };
  });
  const addColumn = new Set(spread(n, count(DRIFT_SHARES.addColumn), 0.25).map((i) => tables[i - 1].name));
  const dropIndex = new Set(spread(n, count(DRIFT_SHARES.dropIndex), 0.5).map((i) => tables[i - 1].name));
  const newTables = spread(n, count(DRIFT_SHARES.newTable), 0.75).map((i, k) => ({
    name: `Extra${pad(k + 1)}`,
    owner: tables[i - 1].name,
  }));
  return { tables, drift: { addColumn, dropIndex, newTables } };
}

/** What autogenerate must find, per kind of operation. */
function expectedDifferences(model) {
  const { addColumn, dropIndex, newTables } = model.drift;
  return { addColumn: addColumn.size, dropIndex: dropIndex.size, addTable: newTables.length };
}

// ---------------------------------------------------------------------------------------------
// The database: Prisma Migrate's DDL

const pgIdent = (name) => `"${name}"`;
const myIdent = (name) => `\`${name}\``;

/** Names exactly as Prisma derives them: Model_pkey, Model_field_key, Model_fields_idx, Model_field_fkey. */
const names = {
  pkey: (table) => `${table}_pkey`,
  key: (table, column) => `${table}_${column}_key`,
  idx: (table, columns) => `${table}_${columns.join('_')}_idx`,
  fkey: (table, column) => `${table}_${column}_fkey`,
};

/**
 * Prisma Migrate's DDL for the database side (no drift): every CREATE TABLE, then the unique and
 * plain indexes, then the foreign keys, as `prisma migrate diff --from-empty --script` orders them.
 * @param {ReturnType<typeof benchModel>} model
 * @param {'postgresql' | 'mysql'} dialect
 * @returns {string[]} statements, without trailing semicolons
 */
function renderDdl(model, dialect) {
  return dialect === 'postgresql' ? renderPostgresDdl(model) : renderMysqlDdl(model);
}

function renderPostgresDdl(model) {
  const q = pgIdent;
  const list = (cols) => cols.map(q).join(', ');
  const creates = model.tables.map(
    (t) =>
      `CREATE TABLE ${q(t.name)} (\n${COLUMNS.map((c) => `    ${q(c.name)} ${c.pg},`).join('\n')}\n\n` +
      `    CONSTRAINT ${q(names.pkey(t.name))} PRIMARY KEY ("id")\n)`,
  );
  const indexes = model.tables.flatMap((t) => [
    `CREATE UNIQUE INDEX ${q(names.key(t.name, 'code'))} ON ${q(t.name)}("code")`,
    ...t.indexes.map((cols) => `CREATE INDEX ${q(names.idx(t.name, cols))} ON ${q(t.name)}(${list(cols)})`),
  ]);
  const foreignKeys = model.tables.map(
    (t) =>
      `ALTER TABLE ${q(t.name)} ADD CONSTRAINT ${q(names.fkey(t.name, 'parentId'))} FOREIGN KEY ("parentId") ` +
      `REFERENCES ${q(t.parent)}("id") ON DELETE RESTRICT ON UPDATE CASCADE`,
  );
  return [...creates, ...indexes, ...foreignKeys];
}

function renderMysqlDdl(model) {
  const q = myIdent;
  const list = (cols) => cols.map(q).join(', ');
  const creates = model.tables.map((t) => {
    const lines = [
      ...COLUMNS.map((c) => `    ${q(c.name)} ${c.mysql},`),
      '',
      `    UNIQUE INDEX ${q(names.key(t.name, 'code'))}(\`code\`),`,
      ...t.indexes.map((cols) => `    INDEX ${q(names.idx(t.name, cols))}(${list(cols)}),`),
      '    PRIMARY KEY (`id`)',
    ];
    return `CREATE TABLE ${q(t.name)} (\n${lines.join('\n')}\n) DEFAULT CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci`;
  });
  const foreignKeys = model.tables.map(
    (t) =>
      `ALTER TABLE ${q(t.name)} ADD CONSTRAINT ${q(names.fkey(t.name, 'parentId'))} FOREIGN KEY (\`parentId\`) ` +
      `REFERENCES ${q(t.parent)}(\`id\`) ON DELETE RESTRICT ON UPDATE CASCADE`,
  );
  return [...creates, ...foreignKeys];
}

// ---------------------------------------------------------------------------------------------
// pmig's target: the Prisma schema

/**
 * The Prisma schema of the target: the database's tables plus the drift, or exactly the database
 * when `withDrift` is false (the bench's "no spurious differences" check).
 * @param {ReturnType<typeof benchModel>} model
 * @param {'postgresql' | 'mysql'} provider
 * @param {{ withDrift?: boolean }} [options]
 */
function renderPrismaSchema(model, provider, { withDrift = true } = {}) {
  const drift = withDrift ? model.drift : { addColumn: new Set(), dropIndex: new Set(), newTables: [] };
  const extrasOf = new Map(drift.newTables.map((x) => [x.owner, x]));
  const field = (c) => `  ${c.name} ${c.prisma}`;
  const blocks = [
    `datasource db {\n  provider = "${provider}"\n}`,
    ...model.tables.map((t) => {
      const lines = COLUMNS.map(field);
      if (drift.addColumn.has(t.name)) lines.push(field(ADDED_COLUMN));
      if (t.parent === t.name) {
        // A self-relation needs a name that ties its two sides together.
        lines.push(`  parent ${t.parent} @relation("${t.name}Tree", fields: [parentId], references: [id])`);
        lines.push(`  roots ${t.name}[] @relation("${t.name}Tree")`);
      } else {
        lines.push(`  parent ${t.parent} @relation(fields: [parentId], references: [id])`);
      }
      t.children.forEach((child, k) => lines.push(`  children${k + 1} ${child}[]`));
      const extra = extrasOf.get(t.name);
      if (extra) lines.push(`  extras ${extra.name}[]`);
      lines.push('');
      for (const cols of t.indexes) {
        if (cols === DROPPABLE_INDEX && drift.dropIndex.has(t.name)) continue;
        lines.push(`  @@index([${cols.join(', ')}])`);
      }
      return `model ${t.name} {\n${lines.join('\n')}\n}`;
    }),
    ...drift.newTables.map(
      (x) =>
        `model ${x.name} {\n${NEW_TABLE_COLUMNS.map(field).join('\n')}\n` +
        `  owner ${x.owner} @relation(fields: [ownerId], references: [id])\n\n  @@index([ownerId])\n}`,
    ),
  ];
  return `${blocks.join('\n\n')}\n`;
}

// ---------------------------------------------------------------------------------------------
// Alembic's target: SQLAlchemy metadata

/**
 * A Python module defining `metadata` with one `sa.Table` per table of the target, with the same
 * names, types, nullability, server defaults, keys, indexes and foreign keys as the Prisma schema.
 * @param {ReturnType<typeof benchModel>} model
 * @param {'postgresql' | 'mysql'} dialect
 * @param {{ withDrift?: boolean }} [options]
 */
function renderSqlalchemyModels(model, dialect, { withDrift = true } = {}) {
  const drift = withDrift ? model.drift : { addColumn: new Set(), dropIndex: new Set(), newTables: [] };
  const py = (s) => JSON.stringify(s);
  const column = (c) => {
    const args = [py(c.name), c.sa[dialect], `nullable=${c.nullable ? 'True' : 'False'}`];
    if (c.autoincrement) args.push('autoincrement=True');
    const serverDefault = typeof c.saDefault === 'object' ? c.saDefault[dialect] : c.saDefault;
    if (serverDefault) args.push(`server_default=sa.text(${py(serverDefault)})`);
    return `    sa.Column(${args.join(', ')}),`;
  };
  const foreignKey = (table, col, target) =>
    `    sa.ForeignKeyConstraint([${py(col)}], [${py(`${target}.id`)}], name=${py(names.fkey(table, col))}, ondelete="RESTRICT", onupdate="CASCADE"),`;
  const index = (table, cols, unique) =>
    `    sa.Index(${py(unique ? names.key(table, cols[0]) : names.idx(table, cols))}, ${cols.map(py).join(', ')}${unique ? ', unique=True' : ''}),`;
  const table = (name, lines) => `sa.Table(\n    ${py(name)},\n    metadata,\n${lines.join('\n')}\n)`;

  const tables = model.tables.map((t) => {
    const lines = COLUMNS.map(column);
    if (drift.addColumn.has(t.name)) lines.push(column(ADDED_COLUMN));
    lines.push(`    sa.PrimaryKeyConstraint("id", name=${py(names.pkey(t.name))}),`);
    lines.push(foreignKey(t.name, 'parentId', t.parent));
    lines.push(index(t.name, ['code'], true));
    for (const cols of t.indexes) {
      if (cols === DROPPABLE_INDEX && drift.dropIndex.has(t.name)) continue;
      lines.push(index(t.name, cols, false));
    }
    return table(t.name, lines);
  });
  const extras = drift.newTables.map((x) =>
    table(x.name, [
      ...NEW_TABLE_COLUMNS.map(column),
      `    sa.PrimaryKeyConstraint("id", name=${py(names.pkey(x.name))}),`,
      foreignKey(x.name, 'ownerId', x.owner),
      index(x.name, ['ownerId'], false),
    ]),
  );
  const header = [
    '"""Generated by bench/autogenerate.js: the SQLAlchemy twin of the bench\'s Prisma schema."""',
    'import sqlalchemy as sa',
    `from sqlalchemy.dialects import ${dialect}`,
    '',
    'metadata = sa.MetaData()',
  ].join('\n');
  return `${[header, ...tables, ...extras].join('\n\n\n')}\n`;
}

module.exports = { benchModel, expectedDifferences, renderDdl, renderPrismaSchema, renderSqlalchemyModels };
