/**
 * The command table oclif loads (explicit strategy: no directory scan at start-up). Each command
 * imports its part of the API only when it runs, so start-up stays small.
 */
import Adopt from './adopt';
import { ArchiveDrop, ArchiveList } from './archive';
import Branches from './branches';
import Check from './check';
import Current from './current';
import Downgrade from './downgrade';
import Heads from './heads';
import ImportPrismaMigrations from './import-prisma-migrations';
import History from './history';
import Init from './init';
import Merge from './merge';
import RevisionCommand from './revision';
import Show from './show';
import Stamp from './stamp';
import Upgrade from './upgrade';

export const COMMANDS = {
  adopt: Adopt,
  'archive:drop': ArchiveDrop,
  'archive:list': ArchiveList,
  branches: Branches,
  check: Check,
  current: Current,
  downgrade: Downgrade,
  heads: Heads,
  history: History,
  'import-prisma-migrations': ImportPrismaMigrations,
  init: Init,
  merge: Merge,
  revision: RevisionCommand,
  show: Show,
  stamp: Stamp,
  upgrade: Upgrade,
};
