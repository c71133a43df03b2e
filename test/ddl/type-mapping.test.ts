/** Prisma's MySQL column types (the wasm schema engine has no MySQL connector to compare with). */
import { dialectFor } from '../../src/ddl';
import { sqlColumnType, sqlDefault } from '../../src/prisma/type-mapping';

describe('MySQL types as Prisma writes them', () => {
  it('maps scalars, native types and inline enums', () => {
    const t = (type: Parameters<typeof sqlColumnType>[1]['type'], nativeType?: string): string => sqlColumnType('mysql', { type, nativeType });
    expect([t('String'), t('Int'), t('BigInt'), t('Boolean'), t('DateTime'), t('Decimal'), t('Float'), t('Json'), t('Bytes')])
      .toEqual(['VARCHAR(191)', 'INTEGER', 'BIGINT', 'BOOLEAN', 'DATETIME(3)', 'DECIMAL(65, 30)', 'DOUBLE', 'JSON', 'LONGBLOB']);
    expect(t('BigInt', 'UnsignedBigInt')).toBe('BIGINT UNSIGNED');
    expect(t('Decimal', 'Decimal(10,2)')).toBe('DECIMAL(10, 2)');
    expect(t('String', 'Text')).toBe('TEXT');
    expect(t({ enum: 'Role', values: ['A', "B'C"] })).toBe("ENUM('A', 'B''C')");
    expect(() => t('String', 'Nonsense')).toThrow(/@db\.Nonsense/);
  });
  it('writes now() with the column precision', () => {
    expect(sqlDefault('mysql', { type: 'DateTime', default: { now: true } })).toBe('CURRENT_TIMESTAMP(3)');
    expect(sqlDefault('mysql', { type: 'DateTime', nativeType: 'Timestamp(6)', default: { now: true } })).toBe('CURRENT_TIMESTAMP(6)');
  });
  it('renders a whole table in Prisma layout', async () => {
    const sql = await dialectFor('mysql').render({
      kind: 'createTable',
      table: {
        name: 'User',
        columns: [{ name: 'id', type: 'Int', autoincrement: true, nullable: false }, { name: 'email', type: 'String' }],
        primaryKey: { columns: ['id'] },
        indexes: [{ name: 'User_email_key', columns: ['email'], unique: true }],
      },
    }, {});
    expect(sql).toEqual([
      'CREATE TABLE `User` (\n    `id` INTEGER NOT NULL AUTO_INCREMENT,\n    `email` VARCHAR(191) NULL,\n'
      + '    UNIQUE INDEX `User_email_key`(`email`),\n    PRIMARY KEY (`id`)\n) DEFAULT CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci',
    ]);
  });
});
