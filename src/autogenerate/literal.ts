/**
 * Prints plain data (strings, numbers, booleans, null, arrays, objects) as a TypeScript literal in
 * the style of hand-written code: single quotes, unquoted keys where valid, one line when it fits,
 * otherwise one element or property per line with trailing commas. Undefined properties are left out.
 */

/** Lines longer than this are broken up. */
export const MAX_LINE_WIDTH = 110;

const IDENTIFIER = /^[A-Za-z_$][A-Za-z0-9_$]*$/;
const STEP = '  ';

function singleQuoted(value: string): string {
  const escaped = value.replace(/[\\'\u0000-\u001f\u2028\u2029]/g, (ch) => {
    switch (ch) {
      case '\\': return '\\\\';
      case "'": return "\\'";
      case '\n': return '\\n';
      case '\r': return '\\r';
      case '\t': return '\\t';
      default: return `\\u${ch.charCodeAt(0).toString(16).padStart(4, '0')}`;
    }
  });
  return `'${escaped}'`;
}

/**
 * A string literal: single-quoted, or in backquotes when it holds single quotes and nothing a
 * template literal would interpret (SQL reads better as `SET DEFAULT 'x'` than as 'SET DEFAULT \'x\'').
 */
export function quoteString(value: string): string {
  const templateSafe = !/[`\\\u0000-\u001f\u2028\u2029]|\$\{/.test(value);
  return value.includes("'") && templateSafe ? `\`${value}\`` : singleQuoted(value);
}

function propertyKey(key: string): string {
  return IDENTIFIER.test(key) ? key : singleQuoted(key);
}

function definedEntries(value: object): [string, unknown][] {
  return Object.entries(value).filter(([, v]) => v !== undefined);
}

function printInline(value: unknown): string {
  // Only reachable for arguments (e.g. an unnamed primary key): object properties that are undefined are left out.
  if (value === undefined) return 'undefined';
  if (value === null) return 'null';
  if (typeof value === 'string') return quoteString(value);
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (typeof value === 'bigint') return `${value}n`;
  if (Array.isArray(value)) return `[${value.map(printInline).join(', ')}]`;
  if (typeof value === 'object') {
    const entries = definedEntries(value);
    if (!entries.length) return '{}';
    return `{ ${entries.map(([k, v]) => `${propertyKey(k)}: ${printInline(v)}`).join(', ')} }`;
  }
  throw new TypeError(`Cannot print a ${typeof value} as a literal`);
}

/**
 * `value` as source text, assuming it starts at column `startColumn` of a line indented by `indent`.
 * Nested lines are indented from `indent`.
 */
export function literal(value: unknown, indent = '', startColumn = indent.length): string {
  const inline = printInline(value);
  const isContainer = value !== null && typeof value === 'object';
  if (!isContainer || startColumn + inline.length <= MAX_LINE_WIDTH) return inline;

  const inner = indent + STEP;
  if (Array.isArray(value)) {
    if (!value.length) return '[]';
    return `[\n${value.map((item) => `${inner}${literal(item, inner)},`).join('\n')}\n${indent}]`;
  }
  const entries = definedEntries(value);
  const lines = entries.map(([k, v]) => {
    const head = `${inner}${propertyKey(k)}: `;
    return `${head}${literal(v, inner, head.length)},`;
  });
  return `{\n${lines.join('\n')}\n${indent}}`;
}

/**
 * A call such as `op.createTable('User', [...], {...})` with the arguments printed by `literal`,
 * on one line when it fits. `suffix` follows the closing parenthesis (e.g. `;`).
 */
export function renderCall(callee: string, args: unknown[], indent: string, suffix = ';'): string {
  const oneLine = `${indent}${callee}(${args.map(printInline).join(', ')})${suffix}`;
  if (oneLine.length <= MAX_LINE_WIDTH) return oneLine;
  // Each argument continues on the line where the previous one ended.
  let text = `${indent}${callee}(`;
  args.forEach((arg, i) => {
    if (i > 0) text += ', ';
    const column = text.length - text.lastIndexOf('\n') - 1;
    text += literal(arg, indent, column);
  });
  return `${text})${suffix}`;
}
