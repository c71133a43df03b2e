/** The Prisma side of autogenerate: schema files → the Schema Prisma Migrate would create. */
export { loadPrismaSchema, parsePrismaSchema, readSchemaFiles, validatePrismaSchema } from './load';
export type { DatasourceInfo, LoadedPrismaSchema, PrismaProvider, SchemaFiles } from './load';
export { blocksToSchema, datamodelToSchema } from './datamodel-to-schema';
export type { DatamodelToSchemaOptions } from './datamodel-to-schema';
export { prismaNameMap } from './name-map';
export type { ModelNames, PrismaNameMap } from './name-map';
export { formatNativeType, normalizeNativeType } from './native-types';
export { foreignKeyName, indexName, primaryKeyName, uniqueIndexName } from './constraint-names';
