#!/usr/bin/env node
// The pmig CLI (oclif). Commands live in dist/commands; run `npm run build` after changing src/.
// First, before oclif loads: a Ctrl-C or SIGTERM during start-up or while nothing changes the
// database stops at once and says so (a migration run installs its own handler).
require('../dist/commands/signals').stopAtOnceWhenIdle();
const { flush, handle, run } = require('@oclif/core');

run(process.argv.slice(2), __dirname)
  .then(() => flush())
  .catch((error) => {
    // oclif's own errors (an unknown command or argument) quote what was typed, which may be a URL
    // with a password: mask it as every pmig message does.
    const { redactSecrets } = require('../dist/db/redact');
    if (error && typeof error.message === 'string') error.message = redactSecrets(error.message);
    if (error && typeof error.stack === 'string') error.stack = redactSecrets(error.stack);
    return handle(error);
  });
