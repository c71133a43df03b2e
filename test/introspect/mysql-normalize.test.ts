/**
 * The MySQL 8 spellings of information_schema that the MariaDB server used in the other tests
 * never shows: unquoted string defaults and DEFAULT_GENERATED expressions.
 */
import { mysqlFlavor, normalizeMysqlDefault, normalizeMysqlType } from '../../src/introspect/normalize-mysql';

describe('MySQL 8 defaults', () => {
  const mysql8 = (raw: string | null, extra: string, type: Parameters<typeof normalizeMysqlDefault>[2]['type']) =>
    normalizeMysqlDefault(raw, extra, { type, flavor: 'mysql' });

  it('reads unquoted literals by the column type', () => {
    expect(mysql8('abc', '', 'String')).toEqual({ default: 'abc' });
    expect(mysql8("it's", '', 'String')).toEqual({ default: "it's" });
    expect(mysql8('123', '', 'String')).toEqual({ default: '123' });
    expect(mysql8('-1', '', 'Int')).toEqual({ default: -1 });
    expect(mysql8('1.50', '', 'Decimal')).toEqual({ default: 1.5 });
    expect(mysql8('0', '', 'Boolean')).toEqual({ default: false });
    expect(mysql8('A', '', { enum: 'User_role', values: ['A'] })).toEqual({ default: 'A' });
  });

  it('treats a NULL default as no default, and DEFAULT_GENERATED values as expressions', () => {
    expect(mysql8(null, '', 'String')).toEqual({});
    expect(mysql8('CURRENT_TIMESTAMP(3)', 'DEFAULT_GENERATED', 'DateTime')).toEqual({ default: { now: true } });
    expect(mysql8('CURRENT_TIMESTAMP', 'DEFAULT_GENERATED on update CURRENT_TIMESTAMP', 'DateTime'))
      .toEqual({ default: { now: true } });
    expect(mysql8('uuid()', 'DEFAULT_GENERATED', 'String')).toEqual({ default: { sql: 'uuid()' } });
    expect(mysql8(null, 'auto_increment', 'Int')).toEqual({ autoincrement: true });
  });

  it('keeps a bigint beyond 2^53 exact', () => {
    expect(mysql8('9007199254740993', '', 'BigInt')).toEqual({ default: { sql: '9007199254740993' } });
  });
});

describe('MySQL types', () => {
  it('drops display widths, which MySQL 8 no longer shows, and keeps tinyint(1) as Boolean', () => {
    expect(normalizeMysqlType('int', 'T', 'c')).toEqual({ type: 'Int' });
    expect(normalizeMysqlType('int unsigned', 'T', 'c')).toEqual({ type: 'Int', nativeType: 'UnsignedInt' });
    expect(normalizeMysqlType('bigint(20) unsigned zerofill', 'T', 'c')).toEqual({ type: 'BigInt', nativeType: 'UnsignedBigInt' });
    expect(normalizeMysqlType('tinyint(1)', 'T', 'c')).toEqual({ type: 'Boolean' });
    expect(normalizeMysqlType('tinyint', 'T', 'c')).toEqual({ type: 'Int', nativeType: 'TinyInt' });
  });

  it('names an inline enum {table}_{column} and unescapes its values', () => {
    expect(normalizeMysqlType("enum('a','it''s','x,y')", 'Post', 'kind')).toEqual({
      type: { enum: 'Post_kind', values: ['a', "it's", 'x,y'] },
    });
  });

  it('tells MariaDB from MySQL by the version string', () => {
    expect(mysqlFlavor('10.11.19-MariaDB-0+deb12u1')).toBe('mariadb');
    expect(mysqlFlavor('8.0.36')).toBe('mysql');
  });
});
