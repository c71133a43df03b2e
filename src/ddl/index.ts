/** The SQL dialect for a database. */
import type { DialectName } from '../db/types';
import { mysqlDialect } from './mysql';
import { postgresqlDialect } from './postgresql';
import { sqliteDialect } from './sqlite';
import type { Dialect } from './types';

export function dialectFor(name: DialectName): Dialect {
  switch (name) {
    case 'postgresql': return postgresqlDialect;
    case 'mysql': return mysqlDialect;
    case 'sqlite': return sqliteDialect;
  }
}

export { DdlError } from './types';
export type { DdlContext, Dialect, IdentifierKind, IdentifierLimits } from './types';
export { identifierProblem } from './identifiers';
export { renderSqliteBatch } from './sqlite';
