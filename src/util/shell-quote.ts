/**
 * One shell word for a value that a message suggests on a command line (`--rename-column
 * 'Order.full name=fullName'`): left bare when it holds only characters no shell treats specially,
 * else in single quotes (a ' inside becomes '\''), so that copying the suggestion runs it as shown.
 */
export function shellQuote(value: string): string {
  if (/^[A-Za-z0-9_@%+=:,./-]+$/.test(value)) return value;
  return `'${value.replace(/'/g, `'\\''`)}'`;
}
