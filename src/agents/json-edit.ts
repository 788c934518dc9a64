/**
 * Edits a JSON settings file by inserting text at the right byte offsets, so every byte of what
 * was there stays as it was: `uninstall` can then give back the file exactly. Comments (JSONC,
 * as some agents allow) are skipped like whitespace.
 */
export type JsonNode =
  | { type: 'object'; start: number; end: number; members: Array<{ key: string; keyStart: number; value: JsonNode }> }
  | { type: 'array'; start: number; end: number; items: JsonNode[] }
  | { type: 'scalar'; start: number; end: number; value: unknown };

export class JsonSyntaxError extends Error {}

export function parseSpans(text: string): JsonNode {
  let i = 0;
  const fail = (what: string): never => {
    const line = text.slice(0, i).split('\n').length;
    throw new JsonSyntaxError(`${what} at line ${line}`);
  };
  const skip = () => {
    for (;;) {
      while (i < text.length && /\s/.test(text[i]!)) i++;
      if (text.startsWith('//', i)) {
        const nl = text.indexOf('\n', i);
        i = nl < 0 ? text.length : nl;
      } else if (text.startsWith('/*', i)) {
        const close = text.indexOf('*/', i + 2);
        if (close < 0) fail('unclosed comment');
        i = close + 2;
      } else return;
    }
  };
  const string = (): string => {
    const start = i;
    i++;
    while (i < text.length && text[i] !== '"') i += text[i] === '\\' ? 2 : 1;
    if (i >= text.length) fail('unterminated string');
    i++;
    return JSON.parse(text.slice(start, i)) as string;
  };
  const value = (): JsonNode => {
    skip();
    const start = i;
    const c = text[i];
    if (c === '{') {
      i++;
      const members: Array<{ key: string; keyStart: number; value: JsonNode }> = [];
      skip();
      if (text[i] === '}') return { type: 'object', start, end: ++i, members };
      for (;;) {
        skip();
        if (text[i] !== '"') fail('expected a key');
        const keyStart = i;
        const key = string();
        skip();
        if (text[i++] !== ':') fail('expected ":"');
        members.push({ key, keyStart, value: value() });
        skip();
        if (text[i] === ',') {
          i++;
          skip();
          if (text[i] === '}') return { type: 'object', start, end: ++i, members }; // trailing comma (JSONC)
          continue;
        }
        if (text[i] === '}') return { type: 'object', start, end: ++i, members };
        fail('expected "," or "}"');
      }
    }
    if (c === '[') {
      i++;
      const items: JsonNode[] = [];
      skip();
      if (text[i] === ']') return { type: 'array', start, end: ++i, items };
      for (;;) {
        items.push(value());
        skip();
        if (text[i] === ',') {
          i++;
          skip();
          if (text[i] === ']') return { type: 'array', start, end: ++i, items };
          continue;
        }
        if (text[i] === ']') return { type: 'array', start, end: ++i, items };
        fail('expected "," or "]"');
      }
    }
    if (c === '"') return { type: 'scalar', start, end: (string(), i), value: JSON.parse(text.slice(start, i)) };
    const m = /^(-?\d+(\.\d+)?([eE][+-]?\d+)?|true|false|null)/.exec(text.slice(i, i + 64));
    if (!m) fail('unexpected character');
    i += m![0].length;
    return { type: 'scalar', start, end: i, value: JSON.parse(m![0]) };
  };
  const root = value();
  skip();
  if (i < text.length) fail('unexpected text after the JSON value');
  return root;
}

export function member(node: JsonNode | undefined, key: string): JsonNode | undefined {
  return node?.type === 'object' ? node.members.find((m) => m.key === key)?.value : undefined;
}

/** The file's indent unit (first indented line), two spaces when it has none. */
export function indentUnit(text: string): string {
  const m = /\n([ \t]+)\S/.exec(text);
  return m ? m[1]! : '  ';
}

/** The indentation of the line `offset` is on. */
function lineIndent(text: string, offset: number): string {
  const lineStart = text.lastIndexOf('\n', offset - 1) + 1;
  return /^[ \t]*/.exec(text.slice(lineStart))![0];
}

/** `value` as JSON, laid out like the file: nested `depth` units below `base`. */
function render(value: unknown, unit: string, base: string): string {
  return JSON.stringify(value, null, unit).split('\n').join(`\n${base}`);
}

export interface Insertion {
  offset: number;
  text: string;
}

/** Text that appends `value` as the last item of `array`, keeping the array's layout. */
export function appendToArray(text: string, array: Extract<JsonNode, { type: 'array' }>, value: unknown): Insertion {
  const unit = indentUnit(text);
  const close = array.end - 1;
  if (array.items.length === 0) {
    const base = lineIndent(text, array.start);
    return { offset: close, text: `\n${base}${unit}${render(value, unit, base + unit)}\n${base}` };
  }
  const last = array.items[array.items.length - 1]!;
  const multiline = text.slice(array.start, array.end).includes('\n');
  if (!multiline) return { offset: last.end, text: `, ${JSON.stringify(value)}` };
  const itemIndent = lineIndent(text, last.start);
  return { offset: last.end, text: `,\n${itemIndent}${render(value, unit, itemIndent)}` };
}

/** Text that adds `"key": value` as the last member of `object`. */
export function appendToObject(text: string, object: Extract<JsonNode, { type: 'object' }>, key: string, value: unknown): Insertion {
  const unit = indentUnit(text);
  const entry = (indent: string) => `${JSON.stringify(key)}: ${render(value, unit, indent)}`;
  if (object.members.length === 0) {
    const base = lineIndent(text, object.start);
    return { offset: object.end - 1, text: `\n${base}${unit}${entry(base + unit)}\n${base}` };
  }
  const lastMember = object.members[object.members.length - 1]!;
  const last = lastMember.value;
  const memberIndent = lineIndent(text, lastMember.keyStart);
  const multiline = text.slice(object.start, object.end).includes('\n');
  if (!multiline) return { offset: last.end, text: `, ${JSON.stringify(key)}: ${JSON.stringify(value)}` };
  return { offset: last.end, text: `,\n${memberIndent}${entry(memberIndent)}` };
}

export function insert(text: string, insertion: Insertion): string {
  return text.slice(0, insertion.offset) + insertion.text + text.slice(insertion.offset);
}

/** Removes item `k` of a container whose items span `spans` (array items, or object members from their key), with its separator. */
export function removeItem(text: string, spans: ReadonlyArray<{ start: number; end: number }>, k: number): string {
  const item = spans[k]!;
  if (k > 0) return text.slice(0, spans[k - 1]!.end) + text.slice(item.end);
  const next = spans[1];
  return next ? text.slice(0, item.start) + text.slice(next.start) : text.slice(0, item.start) + text.slice(item.end);
}
