#!/usr/bin/env node
// The pmig CLI (oclif). Commands live in dist/commands; run `npm run build` after changing src/.
const { execute } = require('@oclif/core');

execute({ dir: __dirname }).catch(require('@oclif/core/handle'));
