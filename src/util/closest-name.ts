/** "Did you mean …?": the known name closest to a mistyped one, or undefined when none is close. */

function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      current[j] = Math.min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    previous = current;
  }
  return previous[b.length];
}

function commonPrefixLength(a: string, b: string): number {
  let n = 0;
  while (n < a.length && n < b.length && a[n] === b[n]) n++;
  return n;
}

/**
 * A typo (`nulable` → `nullable`, `Uniques` → `uniques`) is found by edit distance; a longer
 * variant of a known name (`uniqueConstraints` → `uniques`) by the longest shared beginning.
 */
export function closestName(word: string, known: readonly string[]): string | undefined {
  const w = word.toLowerCase();
  const scored = known.map((k) => ({ k, distance: editDistance(w, k.toLowerCase()), prefix: commonPrefixLength(w, k.toLowerCase()) }));
  const byDistance = [...scored].sort((a, b) => a.distance - b.distance || b.prefix - a.prefix)[0];
  if (byDistance && byDistance.distance <= Math.max(2, Math.floor(w.length / 3))) return byDistance.k;
  const byPrefix = [...scored].sort((a, b) => b.prefix - a.prefix || a.distance - b.distance)[0];
  if (byPrefix && byPrefix.prefix >= 4) return byPrefix.k;
  return undefined;
}
