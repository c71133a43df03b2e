#!/usr/bin/env node
// pmig's Prisma generator (`provider = "pmig-generator"` in schema.prisma); runs inside `prisma generate`.
require('../dist/generator').runGenerator();
