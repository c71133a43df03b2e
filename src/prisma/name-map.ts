/**
 * Prisma names → database names, for rename detection: when a model or field keeps its Prisma
 * name but its `@@map`/`@map` changes (or the reverse), the table or column was renamed.
 */
import { PrismaModelIndex } from './datamodel-to-schema';
import type { PslBlock } from './psl';

export interface ModelNames {
  /** The model's Prisma name. */
  model: string;
  table: string;
  schema?: string;
  /** Field name → column name, for fields that are columns (not relation fields). */
  columns: Record<string, string>;
}

export interface PrismaNameMap {
  models: ModelNames[];
  /** Enum name → database type name, with value name → stored value. */
  enums: { enum: string; dbName: string; values: Record<string, string> }[];
}

export function prismaNameMap(blocks: PslBlock[]): PrismaNameMap {
  const index = new PrismaModelIndex(blocks);
  const models = [...index.models.values()].map((model) => {
    const schema = index.schemaName(model);
    return {
      model: model.name,
      table: index.tableName(model),
      ...(schema ? { schema } : {}),
      columns: Object.fromEntries(index.columnFields(model).map((f) => [f.name, index.columnName(f)])),
    };
  });
  const enums = [...index.enums.values()].map((e) => {
    const dbValues = index.enumValues(e);
    return {
      enum: e.name,
      dbName: index.enumName(e),
      values: Object.fromEntries(e.fields.map((v, i) => [v.name, dbValues[i]])),
    };
  });
  return { models, enums };
}
