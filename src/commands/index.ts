/** The command table oclif loads (explicit strategy: no directory scan at start-up). */
import Branches from './branches';
import Check from './check';
import Current from './current';
import Downgrade from './downgrade';
import Heads from './heads';
import History from './history';
import Init from './init';
import Merge from './merge';
import RevisionCommand from './revision';
import Show from './show';
import Stamp from './stamp';
import Upgrade from './upgrade';

export const COMMANDS = {
  branches: Branches,
  check: Check,
  current: Current,
  downgrade: Downgrade,
  heads: Heads,
  history: History,
  init: Init,
  merge: Merge,
  revision: RevisionCommand,
  show: Show,
  stamp: Stamp,
  upgrade: Upgrade,
};
