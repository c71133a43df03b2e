#!/usr/bin/env bash
# pmig's main job end to end on the embedded SQLite default, with the example schema in prisma/:
# init, autogenerate, upgrade, a schema edit, its revision, check, history, downgrade.
# Runs in .pmig-demo/ (recreated each time); nothing outside it is touched.
set -euo pipefail
repo="$(cd "$(dirname "$0")/.." && pwd)"
demo="$repo/.pmig-demo"
pmig() { echo; echo "\$ pmig $(printf '%q ' "$@")"; node "$repo/bin/run.js" "$@"; }

rm -rf "$demo"
mkdir -p "$demo/prisma"
cp "$repo/prisma/schema.prisma" "$demo/prisma/schema.prisma"
cd "$demo"
export DATABASE_URL="file:./dev.db"

pmig init
pmig check || echo "(check exits 1: the empty database does not match the schema yet)"
pmig revision --autogenerate -m "create users and posts"
pmig upgrade head
pmig check

echo; echo "# A hand-written revision: two users, and display names derived from their e-mail."
pmig revision -m "default display names" --rev-id d15b1a7e0001 >/dev/null
file=$(ls migrations/versions/d15b1a7e0001_*.ts)
node -e '
  const fs = require("fs"); const f = process.argv[1];
  let s = fs.readFileSync(f, "utf8");
  s = s.replace(/  \/\/ Write the schema changes here[^\n]*\n[^\n]*\n/, "  await op.bulkInsert(\"User\", [{ email: \"ada@example.com\" }, { email: \"alan@example.com\" }]);\n  await op.execute(`UPDATE \"User\" SET name = substr(email, 1, instr(email, \x27@\x27) - 1) WHERE name IS NULL`);\n");
  s = s.replace(/  \/\/ Undo what upgrade\(\) did[^\n]*\n[^\n]*\n/, "  await op.execute(`DELETE FROM \"User\" WHERE email IN (\x27ada@example.com\x27, \x27alan@example.com\x27)`);\n");
  fs.writeFileSync(f, s);' "$file"
pmig upgrade head

echo; echo "# Edit the schema: users get a bio, posts get a unique slug and an index on published."
node -e '
  const fs = require("fs"); const f = "prisma/schema.prisma";
  let s = fs.readFileSync(f, "utf8");
  s = s.replace("  role      Role     @default(USER)\n", "  role      Role     @default(USER)\n  bio       String?\n");
  s = s.replace("  published Boolean  @default(false)\n", "  published Boolean  @default(false)\n  slug      String?  @unique\n");
  s = s.replace("  @@index([authorId])\n", "  @@index([authorId])\n  @@index([published, createdAt(sort: Desc)])\n");
  fs.writeFileSync(f, s);'
pmig check || echo "(check exits 1 and lists the drift)"
pmig revision --autogenerate -m "add bio, slug and an index"
echo; echo "# The generated revision:"
cat migrations/versions/*_add_bio_slug_and_an_index.ts
pmig upgrade head
pmig check
pmig history --indicate-current
pmig current --verbose
pmig downgrade -1
pmig current
pmig check || echo "(after downgrade -1 the database is one revision behind the schema, as expected)"
pmig downgrade base
pmig current
echo; echo "Demo done: the project is in $demo"
