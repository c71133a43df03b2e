/**
 * `pmig init`: writes pmig.config.ts, the versions folder, and copies the revision templates into
 * the project so they can be customised (as Alembic copies script.py.mako). Existing files are
 * never overwritten: they are reported and left as they are.
 */
import { copyFileSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { TEMPLATES_DIR } from './revision';

export interface InitOptions {
  cwd?: string;
  /** Where revision files go (default migrations/versions). */
  versionsDir?: string;
  /** Path of the Prisma schema (default prisma/schema.prisma). */
  schema?: string;
}

export interface InitResult {
  created: string[];
  /** Files that already existed and were left unchanged. */
  kept: string[];
}

export function init(options: InitOptions = {}): InitResult {
  const root = resolve(options.cwd ?? process.cwd());
  const versionsDir = options.versionsDir ?? 'migrations/versions';
  const migrationsDir = join(root, versionsDir, '..');
  const result: InitResult = { created: [], kept: [] };
  const write = (path: string, produce: () => void) => {
    if (existsSync(path)) result.kept.push(relative(root, path));
    else {
      produce();
      result.created.push(relative(root, path));
    }
  };

  const schema = options.schema ?? (existsSync(join(root, 'prisma', 'schema')) && !existsSync(join(root, 'prisma', 'schema.prisma')) ? 'prisma/schema' : 'prisma/schema.prisma');
  write(join(root, 'pmig.config.ts'), () => {
    const template = readFileSync(join(TEMPLATES_DIR, 'pmig.config.ts.hbs'), 'utf8');
    writeFileSync(join(root, 'pmig.config.ts'), template.replace('{{schema}}', schema).replace('{{versionsDir}}', versionsDir));
  });
  const versionsPath = join(root, versionsDir);
  write(versionsPath, () => mkdirSync(versionsPath, { recursive: true }));
  for (const name of ['revision.ts.hbs', 'data_revision.ts.hbs']) {
    const target = join(migrationsDir, name);
    write(target, () => {
      mkdirSync(migrationsDir, { recursive: true });
      copyFileSync(join(TEMPLATES_DIR, name), target);
    });
  }
  return result;
}
