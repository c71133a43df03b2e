/**
 * pmig's Prisma generator: runs in `prisma generate` beside `prisma-client`, on the schema Prisma
 * just validated. It writes the target metadata snapshot, then (unless `check = "false"`) reports
 * in one line on stdout whether the database is behind the schema.
 *
 * The schema text (`datamodel`), not the DMMF, is what pmig reads: the DMMF leaves out what
 * Migrate needs (a relation's `map:` foreign key name, views), and pmig's prisma/ module reads the
 * text the same way every pmig command does, so the snapshot is exactly what `pmig check` compares.
 *
 * stdout is shown to the user as is; stderr is Prisma's JSON-RPC channel and must stay clean.
 */
import type { GeneratorManifest, GeneratorOptions } from '@prisma/generator';
import { blocksToSchema, parsePrismaSchema } from '../prisma';
import { checkDatabase } from './database-status';
import { DEFAULT_OUTPUT, parseGeneratorSettings } from './options';
import { redactSecrets } from '../db/redact';
import { statusLine } from './report';
import { writeSnapshot } from './snapshot';

export const PRETTY_NAME = 'pmig schema snapshot';

export function onManifest(): GeneratorManifest {
  // eslint-disable-next-line @typescript-eslint/no-var-requires
  const { version } = require('../../package.json') as { version: string };
  return { prettyName: PRETTY_NAME, defaultOutput: DEFAULT_OUTPUT, version };
}

export async function onGenerate(options: GeneratorOptions, cwd = process.cwd()): Promise<void> {
  const settings = parseGeneratorSettings(options.generator, options.schemaPath);
  const loaded = parsePrismaSchema([[options.schemaPath, options.datamodel]]);
  writeSnapshot(settings.outputDir, blocksToSchema(loaded.blocks), loaded.provider);
  if (!settings.check) return;
  const status = await checkDatabase({ schemaPath: options.schemaPath, cwd, settings });
  // The line may carry a driver's message: no password in it (see db/redact.ts).
  process.stdout.write(`${redactSecrets(statusLine(status, settings, cwd))}\n`);
}
