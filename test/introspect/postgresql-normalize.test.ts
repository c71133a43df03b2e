/** Default expressions the PostgreSQL tests cannot easily produce, and ones that must stay SQL. */
import { normalizePgDefault, pgCheckExpression } from '../../src/introspect/normalize-postgresql';

describe('PostgreSQL defaults', () => {
  it('strips schema-qualified and multi-word casts from literals', () => {
    expect(normalizePgDefault(`'A'::"auth"."Role"`, { type: { enum: 'Role', values: ['A'] } })).toEqual({ default: 'A' });
    expect(normalizePgDefault(`'2024-01-01 00:00:00'::timestamp without time zone`, { type: 'DateTime' }))
      .toEqual({ default: '2024-01-01 00:00:00' });
    expect(normalizePgDefault(`'x'::character varying(10)`, { type: 'String' })).toEqual({ default: 'x' });
    expect(normalizePgDefault(`'10'::bigint`, { type: 'BigInt' })).toEqual({ default: 10 });
  });

  it('keeps expressions that only start like a literal as SQL', () => {
    expect(normalizePgDefault(`'a'::text || 'b'::text`, { type: 'String' })).toEqual({ default: { sql: `'a'::text || 'b'::text` } });
    expect(normalizePgDefault(`(random() * 10)`, { type: 'Float' })).toEqual({ default: { sql: '(random() * 10)' } });
  });

  it('reads now() in its spellings and ignores NULL defaults', () => {
    expect(normalizePgDefault('CURRENT_TIMESTAMP(3)', { type: 'DateTime' })).toEqual({ default: { now: true } });
    expect(normalizePgDefault('now()', { type: 'DateTime' })).toEqual({ default: { now: true } });
    expect(normalizePgDefault('NULL::character varying', { type: 'String' })).toEqual({});
  });
});

describe('PostgreSQL checks', () => {
  it('unwraps CHECK (...) and drops NOT VALID', () => {
    expect(pgCheckExpression('CHECK (price > 0::numeric) NOT VALID')).toBe('price > 0::numeric');
    expect(pgCheckExpression('CHECK (a > 0 AND (b < 5))')).toBe('a > 0 AND (b < 5)');
  });
});
