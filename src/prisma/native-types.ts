/**
 * The `nativeType` convention shared by the datamodel side and the introspectors:
 *
 * - written as Prisma's `@db.` attribute without the prefix, arguments joined by a bare comma:
 *   `VarChar(120)`, `Decimal(10,2)`, `Timestamptz(6)`;
 * - absent when it equals the provider's default mapping for the scalar (String → text on
 *   PostgreSQL, VarChar(191) on MySQL, ...): `@db.Text` on a PostgreSQL String is no native type;
 * - arguments the database fills in itself are written out (`@db.Timestamptz` is `Timestamptz(6)`
 *   on PostgreSQL, `@db.DateTime` is `DateTime(0)` on MySQL), because that is what a catalog shows.
 *
 * SQLite has no native type attributes.
 */
import type { ScalarType } from '../schema/types';
import type { PrismaProvider } from './load';

/** Prisma's default native type per scalar, per provider (prisma-engines connectors). */
const DEFAULT_NATIVE: Record<PrismaProvider, Partial<Record<ScalarType, string>>> = {
  postgresql: {
    String: 'Text',
    Int: 'Integer',
    BigInt: 'BigInt',
    Float: 'DoublePrecision',
    Decimal: 'Decimal(65,30)',
    DateTime: 'Timestamp(3)',
    Json: 'JsonB',
    Bytes: 'ByteA',
    Boolean: 'Boolean',
  },
  mysql: {
    String: 'VarChar(191)',
    Int: 'Int',
    BigInt: 'BigInt',
    Float: 'Double',
    Decimal: 'Decimal(65,30)',
    DateTime: 'DateTime(3)',
    Json: 'Json',
    Bytes: 'LongBlob',
    Boolean: 'TinyInt(1)',
  },
  sqlite: {},
};

/** Arguments a database supplies when the attribute gives none. */
const IMPLICIT_ARGS: Record<PrismaProvider, Record<string, string[]>> = {
  postgresql: { Timestamp: ['6'], Timestamptz: ['6'], Time: ['6'], Timetz: ['6'], Char: ['1'] },
  mysql: { DateTime: ['0'], Timestamp: ['0'], Time: ['0'], Char: ['1'], Decimal: ['10', '0'] },
  sqlite: {},
};

export function formatNativeType(name: string, args: string[]): string {
  return args.length ? `${name}(${args.join(',')})` : name;
}

/** The pmig `nativeType` for a field's `@db.Name(args)`, or undefined when it is the default mapping. */
export function normalizeNativeType(
  provider: PrismaProvider,
  scalar: ScalarType,
  name: string,
  args: string[],
): string | undefined {
  const effectiveArgs = args.length ? args : IMPLICIT_ARGS[provider][name] ?? [];
  const native = formatNativeType(name, effectiveArgs);
  return DEFAULT_NATIVE[provider][scalar] === native ? undefined : native;
}
