/**
 * Where a JSON text first goes wrong, as line and column: JSON.parse on Node 20 names no place
 * for many errors ("Unexpected token '}'"), and an offset means nothing in an editor. A small
 * recursive-descent scan of the JSON grammar, used only once parsing has already failed.
 */
export function jsonErrorPlace(text: string): { line: number; column: number; expected: string } | null {
  let pos = 0;
  const fail = (expected: string): never => {
    throw { pos, expected };
  };
  const ws = () => {
    while (pos < text.length && ' \t\n\r'.includes(text[pos]!)) pos++;
  };
  const literal = (word: string) => {
    if (text.startsWith(word, pos)) pos += word.length;
    else fail('a value');
  };
  const string = () => {
    pos++;
    while (pos < text.length && text[pos] !== '"') {
      if (text[pos] === '\\') pos++;
      else if (text.charCodeAt(pos) < 0x20) fail('the closing quote of the string');
      pos++;
    }
    if (pos >= text.length) fail('the closing quote of the string');
    pos++;
  };
  const number = () => {
    const match = /^-?(0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?/.exec(text.slice(pos));
    if (!match) fail('a value');
    pos += match![0].length;
  };
  const value = (): void => {
    ws();
    const c = text[pos];
    if (c === '{') {
      pos++;
      ws();
      if (text[pos] === '}') return void pos++;
      for (;;) {
        ws();
        if (text[pos] !== '"') fail('a quoted property name');
        string();
        ws();
        if (text[pos] !== ':') fail("':' after the property name");
        pos++;
        value();
        ws();
        if (text[pos] === ',') {
          pos++;
          continue;
        }
        if (text[pos] === '}') return void pos++;
        fail("',' or '}'");
      }
    }
    if (c === '[') {
      pos++;
      ws();
      if (text[pos] === ']') return void pos++;
      for (;;) {
        value();
        ws();
        if (text[pos] === ',') {
          pos++;
          continue;
        }
        if (text[pos] === ']') return void pos++;
        fail("',' or ']'");
      }
    }
    if (c === '"') return string();
    if (c === 't') return literal('true');
    if (c === 'f') return literal('false');
    if (c === 'n') return literal('null');
    if (c === '-' || (c !== undefined && c >= '0' && c <= '9')) return number();
    fail('a value');
  };
  try {
    value();
    ws();
    if (pos < text.length) fail('the end of the file');
    return null;
  } catch (error) {
    const { pos: at, expected } = error as { pos: number; expected: string };
    const before = text.slice(0, at);
    return { line: before.split('\n').length, column: at - before.lastIndexOf('\n'), expected };
  }
}
