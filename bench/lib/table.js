'use strict';
/** Plain-text tables for bench output: a header row, a rule, right-aligned numbers. */

/**
 * @param {string[]} headers
 * @param {(string | number)[][]} rows
 * @returns {string}
 */
function formatTable(headers, rows) {
  const cells = rows.map((row) => row.map((c) => String(c)));
  const widths = headers.map((h, i) => Math.max(h.length, ...cells.map((r) => r[i].length)));
  const numeric = headers.map((_, i) => cells.length > 0 && cells.every((r) => /^-?[\d.]+x?$|^n\/a$/.test(r[i])));
  const line = (row) => row.map((c, i) => (numeric[i] ? c.padStart(widths[i]) : c.padEnd(widths[i]))).join(' | ').trimEnd();
  return [line(headers), widths.map((w) => '-'.repeat(w)).join('-|-'), ...cells.map(line)].join('\n');
}

/** Seconds with three decimals, or n/a when not measured. */
function formatSeconds(value) {
  return value === undefined || value === null ? 'n/a' : value.toFixed(3);
}

module.exports = { formatTable, formatSeconds };
