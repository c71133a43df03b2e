/**
 * A reader for Prisma schema (PSL) text: blocks, fields and attributes with their arguments.
 *
 * Why read the text when Prisma's WebAssembly `get_datamodel` exists: that datamodel is the
 * client's view, and it leaves out what Prisma Migrate still creates in the database —
 * `@@ignore` models, `@ignore` fields, `Unsupported(...)` fields — and it carries neither a
 * relation's `map:` (the foreign key name) nor which blocks are `view`s. Validation stays with
 * Prisma (see load.ts): this reader assumes a schema Prisma has already accepted, so it is
 * lenient rather than a second validator.
 */

export type PslValue =
  | { kind: 'string'; value: string }
  | { kind: 'number'; value: number; raw: string }
  /** A bare identifier: `true`, `Cascade`, `Desc`, a field name, an enum value. */
  | { kind: 'constant'; value: string }
  | { kind: 'array'; items: PslValue[] }
  /** `now()`, `dbgenerated("...")`, and also `email(sort: Desc)` inside an index's field list. */
  | { kind: 'call'; name: string; args: PslArgument[] };

export interface PslArgument {
  /** undefined for a positional argument. */
  name?: string;
  value: PslValue;
}

export interface PslAttribute {
  /** Without the `@`/`@@`, dotted where namespaced: `id`, `relation`, `db.VarChar`. */
  name: string;
  args: PslArgument[];
}

export interface PslFieldType {
  name: string;
  list: boolean;
  optional: boolean;
  /** For `Unsupported("circle")`: the quoted database type. */
  unsupported?: string;
}

export interface PslField {
  name: string;
  type: PslFieldType;
  attributes: PslAttribute[];
  documentation?: string;
}

export type PslBlockKind = 'model' | 'view' | 'enum' | 'type' | 'datasource' | 'generator';

export interface PslBlock {
  kind: PslBlockKind;
  name: string;
  /** Fields of models, views and types; values of enums (their `type` is unused). */
  fields: PslField[];
  /** `@@...` attributes. */
  attributes: PslAttribute[];
  documentation?: string;
  /** `key = value` lines of a datasource or generator (values that are calls, like env(), included). */
  settings: Record<string, PslValue>;
  /** The file the block came from, for messages. */
  file: string;
}

type Token =
  | { t: 'ident'; v: string; line: number }
  | { t: 'string'; v: string; line: number }
  | { t: 'number'; v: string; line: number }
  | { t: 'punct'; v: string; line: number }
  | { t: 'doc'; v: string; line: number }
  | { t: 'newline'; line: number }
  | { t: 'eof'; line: number };

const BLOCK_KINDS = new Set<string>(['model', 'view', 'enum', 'type', 'datasource', 'generator']);

// Sticky patterns match at lastIndex without copying the rest of the text for every token.
const NUMBER = /-?[0-9]+(\.[0-9]+)?([eE][+-]?[0-9]+)?/y;
const IDENT = /[A-Za-z_][A-Za-z0-9_-]*/y;

function matchAt(pattern: RegExp, text: string, at: number): string {
  pattern.lastIndex = at;
  return pattern.exec(text)![0];
}

function isDigit(c: string | undefined): boolean {
  return c !== undefined && c >= '0' && c <= '9';
}

function isIdentStart(c: string): boolean {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c === '_';
}

function tokenize(text: string, file: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  let line = 1;
  while (i < text.length) {
    const c = text[i];
    if (c === '\n') {
      tokens.push({ t: 'newline', line });
      line++;
      i++;
    } else if (c === ' ' || c === '\t' || c === '\r') {
      i++;
    } else if (text.startsWith('///', i)) {
      const end = text.indexOf('\n', i);
      const stop = end === -1 ? text.length : end;
      tokens.push({ t: 'doc', v: text.slice(i + 3, stop).trim(), line });
      i = stop;
    } else if (text.startsWith('//', i)) {
      const end = text.indexOf('\n', i);
      i = end === -1 ? text.length : end;
    } else if (c === '"') {
      let j = i + 1;
      let value = '';
      while (j < text.length && text[j] !== '"') {
        if (text[j] === '\\' && j + 1 < text.length) {
          const e = text[j + 1];
          value += e === 'n' ? '\n' : e === 't' ? '\t' : e === 'r' ? '\r' : e;
          j += 2;
        } else {
          value += text[j++];
        }
      }
      if (j >= text.length) throw new Error(`${file}:${line}: unterminated string`);
      tokens.push({ t: 'string', v: value, line });
      i = j + 1;
    } else if (isDigit(c) || (c === '-' && isDigit(text[i + 1]))) {
      const v = matchAt(NUMBER, text, i);
      tokens.push({ t: 'number', v, line });
      i += v.length;
    } else if (isIdentStart(c)) {
      const v = matchAt(IDENT, text, i);
      tokens.push({ t: 'ident', v, line });
      i += v.length;
    } else if (text.startsWith('@@', i)) {
      tokens.push({ t: 'punct', v: '@@', line });
      i += 2;
    } else if ('{}()[],:=?@.!'.includes(c)) {
      tokens.push({ t: 'punct', v: c, line });
      i++;
    } else {
      throw new Error(`${file}:${line}: unexpected character ${JSON.stringify(c)}`);
    }
  }
  tokens.push({ t: 'eof', line });
  return tokens;
}

class Parser {
  private pos = 0;

  constructor(private readonly tokens: Token[], private readonly file: string) {}

  parseFile(): PslBlock[] {
    const blocks: PslBlock[] = [];
    let docs: string[] = [];
    for (;;) {
      const tok = this.peek();
      if (tok.t === 'eof') return blocks;
      if (tok.t === 'newline') { this.pos++; continue; }
      if (tok.t === 'doc') { docs.push(tok.v); this.pos++; continue; }
      if (tok.t === 'ident' && BLOCK_KINDS.has(tok.v)) {
        this.pos++;
        const name = this.expectIdent();
        blocks.push(this.parseBlockBody(tok.v as PslBlockKind, name, docs));
        docs = [];
        continue;
      }
      throw this.error(`expected a block (model, enum, view, ...), found ${this.describe(tok)}`);
    }
  }

  private parseBlockBody(kind: PslBlockKind, name: string, blockDocs: string[]): PslBlock {
    this.skipNewlines();
    this.expectPunct('{');
    const block: PslBlock = { kind, name, fields: [], attributes: [], settings: {}, file: this.file };
    if (blockDocs.length) block.documentation = blockDocs.join('\n');
    let docs: string[] = [];
    for (;;) {
      const tok = this.peek();
      if (tok.t === 'newline') { this.pos++; continue; }
      if (tok.t === 'doc') { docs.push(tok.v); this.pos++; continue; }
      if (tok.t === 'punct' && tok.v === '}') { this.pos++; return block; }
      if (tok.t === 'punct' && tok.v === '@@') {
        this.pos++;
        block.attributes.push(this.parseAttributeAfterAt());
        continue;
      }
      if (tok.t === 'ident') {
        if (kind === 'datasource' || kind === 'generator') {
          const key = this.expectIdent();
          this.expectPunct('=');
          block.settings[key] = this.parseValue();
          continue;
        }
        const field = kind === 'enum' ? this.parseEnumValue() : this.parseField();
        if (docs.length) field.documentation = docs.join('\n');
        block.fields.push(field);
        docs = [];
        continue;
      }
      throw this.error(`unexpected ${this.describe(tok)} in ${kind} ${name}`);
    }
  }

  /** An enum value, `ADMIN @map("admin")`, kept as a field without a type. */
  private parseEnumValue(): PslField {
    const name = this.expectIdent();
    return { name, type: { name: '', list: false, optional: false }, attributes: this.parseFieldAttributes() };
  }

  private parseField(): PslField {
    const name = this.expectIdent();
    const typeName = this.expectIdent();
    const type: PslFieldType = { name: typeName, list: false, optional: false };
    if (typeName === 'Unsupported' && this.isPunct('(')) {
      this.pos++;
      const tok = this.next();
      if (tok.t !== 'string') throw this.error('Unsupported(...) takes a quoted type');
      type.unsupported = tok.v;
      this.expectPunct(')');
    }
    if (this.isPunct('[')) { this.pos++; this.expectPunct(']'); type.list = true; }
    if (this.isPunct('?')) { this.pos++; type.optional = true; }
    if (this.isPunct('!')) this.pos++; // legacy required marker
    return { name, type, attributes: this.parseFieldAttributes() };
  }

  private parseFieldAttributes(): PslAttribute[] {
    const attributes: PslAttribute[] = [];
    while (this.isPunct('@')) {
      this.pos++;
      attributes.push(this.parseAttributeAfterAt());
    }
    return attributes;
  }

  private parseAttributeAfterAt(): PslAttribute {
    let name = this.expectIdent();
    while (this.isPunct('.')) {
      this.pos++;
      name += `.${this.expectIdent()}`;
    }
    const args = this.isPunct('(') ? this.parseArguments() : [];
    return { name, args };
  }

  /** `( [name:] value, ... )`, newlines allowed inside. */
  private parseArguments(): PslArgument[] {
    this.expectPunct('(');
    const args: PslArgument[] = [];
    for (;;) {
      this.skipNewlines();
      if (this.isPunct(')')) { this.pos++; return args; }
      const tok = this.peek();
      const after = this.tokens[this.pos + 1];
      let argName: string | undefined;
      if (tok.t === 'ident' && after?.t === 'punct' && after.v === ':') {
        argName = tok.v;
        this.pos += 2;
        this.skipNewlines();
      }
      args.push(argName === undefined ? { value: this.parseValue() } : { name: argName, value: this.parseValue() });
      this.skipNewlines();
      if (this.isPunct(',')) this.pos++;
    }
  }

  private parseValue(): PslValue {
    const tok = this.next();
    switch (tok.t) {
      case 'string': return { kind: 'string', value: tok.v };
      case 'number': return { kind: 'number', value: Number(tok.v), raw: tok.v };
      case 'ident': {
        let name = tok.v;
        while (this.isPunct('.')) { this.pos++; name += `.${this.expectIdent()}`; }
        if (this.isPunct('(')) return { kind: 'call', name, args: this.parseArguments() };
        return { kind: 'constant', value: name };
      }
      case 'punct':
        if (tok.v === '[') {
          const items: PslValue[] = [];
          for (;;) {
            this.skipNewlines();
            if (this.isPunct(']')) { this.pos++; return { kind: 'array', items }; }
            items.push(this.parseValue());
            this.skipNewlines();
            if (this.isPunct(',')) this.pos++;
          }
        }
        break;
      default:
        break;
    }
    throw this.error(`unexpected ${this.describe(tok)} where a value was expected`);
  }

  private skipNewlines(): void {
    while (this.peek().t === 'newline' || this.peek().t === 'doc') this.pos++;
  }

  private peek(): Token {
    return this.tokens[this.pos];
  }

  private next(): Token {
    return this.tokens[this.pos++];
  }

  private isPunct(v: string): boolean {
    const tok = this.peek();
    return tok.t === 'punct' && tok.v === v;
  }

  private expectPunct(v: string): void {
    const tok = this.next();
    if (tok.t !== 'punct' || tok.v !== v) throw this.error(`expected "${v}", found ${this.describe(tok)}`, tok);
  }

  private expectIdent(): string {
    const tok = this.next();
    if (tok.t !== 'ident') throw this.error(`expected a name, found ${this.describe(tok)}`, tok);
    return tok.v;
  }

  private describe(tok: Token): string {
    return tok.t === 'newline' ? 'end of line' : tok.t === 'eof' ? 'end of file' : JSON.stringify(tok.v);
  }

  private error(message: string, tok: Token = this.peek()): Error {
    return new Error(`${this.file}:${tok.line}: ${message}`);
  }
}

/** Parses one schema file's text into its blocks. */
export function parsePsl(text: string, file = 'schema.prisma'): PslBlock[] {
  return new Parser(tokenize(text, file), file).parseFile();
}

/** The first attribute called `name` (e.g. 'map', 'db.VarChar'), if any. */
export function findAttribute(attributes: PslAttribute[], name: string): PslAttribute | undefined {
  return attributes.find((a) => a.name === name);
}

/** An argument by name, or else the positional one at `position` (how PSL lets `map:` be omitted). */
export function argument(attribute: PslAttribute, name: string, position?: number): PslValue | undefined {
  const named = attribute.args.find((a) => a.name === name);
  if (named) return named.value;
  if (position === undefined) return undefined;
  return attribute.args.filter((a) => a.name === undefined)[position]?.value;
}

export function stringValue(value: PslValue | undefined): string | undefined {
  return value?.kind === 'string' ? value.value : undefined;
}

export function constantValue(value: PslValue | undefined): string | undefined {
  return value?.kind === 'constant' ? value.value : undefined;
}
