import { literal, quoteString, renderCall } from '../../src/autogenerate/literal';

describe('literal', () => {
  it('prints data on one line with single quotes, unquoted keys where valid, and no undefined properties', () => {
    expect(literal({ name: 'id', 'two words': 1, flag: true, none: null, skipped: undefined, list: [1, 'a'] }))
      .toBe("{ name: 'id', 'two words': 1, flag: true, none: null, list: [1, 'a'] }");
  });

  it('escapes what a single-quoted string cannot hold, and quotes SQL with single quotes in backquotes', () => {
    expect(quoteString('a\\b\nc')).toBe("'a\\\\b\\nc'");
    expect(quoteString("DEFAULT 'x'")).toBe("`DEFAULT 'x'`");
    expect(quoteString("it's ${not} a template")).toBe("'it\\'s ${not} a template'");
    expect(quoteString("back`tick's")).toBe("'back`tick\\'s'");
  });

  it('breaks a value that does not fit into one element or property per line, indented from the given indent', () => {
    const long = { name: 'x'.repeat(60), columns: ['a'.repeat(30), 'b'.repeat(30)] };
    expect(literal([long], '  ')).toBe([
      '[',
      '    {',
      `      name: '${'x'.repeat(60)}',`,
      `      columns: ['${'a'.repeat(30)}', '${'b'.repeat(30)}'],`,
      '    },',
      '  ]',
    ].join('\n'));
  });

  it('renders a call on one line when it fits, otherwise lets each argument continue where the previous ended', () => {
    expect(renderCall('await op.dropIndex', ['i', { table: 'T' }], '  ')).toBe("  await op.dropIndex('i', { table: 'T' });");
    const columns = Array.from({ length: 6 }, (_, i) => ({ name: `column${i}`, type: 'String' }));
    expect(renderCall('await op.createTable', ['T', columns], '  ').split('\n')).toEqual([
      "  await op.createTable('T', [",
      ...columns.map((c) => `    { name: '${c.name}', type: 'String' },`),
      '  ]);',
    ]);
  });
});
