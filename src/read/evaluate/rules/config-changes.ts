/**
 * What a change to `.ai-attest/config.json` does to trust, one line per change, for a reviewer:
 * a check turned off, an exemption or carrier widened, a tool approved. Pure: the two parsed
 * files in, lines out. Arrays of named entries (tools, sensitive categories) are compared by name
 * so that a reordering is no change.
 */
export function configChanges(before: unknown, after: unknown): string[] {
  const lines: string[] = [];
  walk(keyed(before), keyed(after), [], lines);
  return lines;
}

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

function walk(a: Json | undefined, b: Json | undefined, path: string[], out: string[]): void {
  if (same(a, b)) return;
  // A file or section added or removed whole is listed setting by setting.
  if ((isObject(a) || a === undefined) && (isObject(b) || b === undefined) && path.length === 0) {
    const [x, y] = [a ?? {}, b ?? {}] as [{ [key: string]: Json }, { [key: string]: Json }];
    for (const key of [...new Set([...Object.keys(x), ...Object.keys(y)])].sort()) walk(x[key], y[key], [key], out);
    return;
  }
  if (isObject(a) && isObject(b)) {
    for (const key of [...new Set([...Object.keys(a), ...Object.keys(b)])].sort()) walk(a[key], b[key], [...path, key], out);
    return;
  }
  if (Array.isArray(a) && Array.isArray(b) && a.every(isScalar) && b.every(isScalar)) {
    const added = b.filter((x) => !a.some((y) => same(x, y)));
    const removed = a.filter((x) => !b.some((y) => same(x, y)));
    if (added.length) out.push(`${describe(path)}: adds ${added.map(show).join(', ')}${meaning(path, 'add')}`);
    if (removed.length) out.push(`${describe(path)}: removes ${removed.map(show).join(', ')}${meaning(path, 'remove')}`);
    return;
  }
  if (a === undefined) out.push(`${describe(path)}: set to ${show(b)}${meaning(path, 'set', b)}`);
  else if (b === undefined) out.push(`${describe(path)}: removed (was ${show(a)})${meaning(path, 'remove', a)}`);
  else out.push(`${describe(path)}: ${show(a)} -> ${show(b)}${meaning(path, 'set', b)}`);
}

/** Why a reviewer should care, for the settings that weaken the gate. */
function meaning(path: string[], op: 'add' | 'remove' | 'set', value?: Json): string {
  const p = path.join('.');
  if (p.startsWith('policy.checks.') && (value === 'off' || value === 'warn') && op === 'set') return ' (weakens a check)';
  if (p.startsWith('policy.checks.') && op === 'remove') return ' (back to its default level)';
  if (p === 'policy.exempt.merges' && value === true) return ' (exempts merges)';
  if (p === 'policy.exempt.authors' && op === 'add') return ' (widens the exemptions)';
  if (p === 'policy.exempt.before') return ' (moves the adoption point)';
  if (p === 'policy.carriers' && op === 'add') return ' (widens the carriers)';
  if (p.startsWith('policy.identities') && op !== 'remove') return ' (accepts more signers for an author)';
  if (/^tools\.[^.]+\.approved$/.test(p) && value === true) return ' (approves a tool)';
  if (/^tools\.[^.]+$/.test(p) && op === 'set') return ' (adds a tool)';
  if (p.startsWith('sensitive') && op === 'remove') return ' (narrows the sensitive paths)';
  if (p === 'keyring') return ' (moves the keyring)';
  return '';
}

/** Tools and sensitive categories by their id, so that order is not a change. */
function keyed(config: unknown): Json | undefined {
  if (!isObject(config as Json)) return config as Json | undefined;
  const c = { ...(config as Record<string, Json>) };
  delete c.$schema;
  for (const [field, id] of [
    ['tools', 'id'],
    ['sensitive', 'category'],
  ] as const) {
    const list = c[field];
    if (Array.isArray(list) && list.every((e) => isObject(e) && typeof e[id] === 'string')) {
      c[field] = Object.fromEntries(list.map((e) => [(e as Record<string, Json>)[id] as string, e]));
    }
  }
  return c;
}

function describe(path: string[]): string {
  return path.length ? path.join('.') : '(the whole file)';
}

function show(v: Json | undefined): string {
  const text = JSON.stringify(v) ?? 'nothing';
  return text.length > 80 ? `${text.slice(0, 77)}...` : text;
}

function same(a: Json | undefined, b: Json | undefined): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

function isObject(v: Json | undefined): v is { [key: string]: Json } {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function isScalar(v: Json): boolean {
  return v === null || typeof v !== 'object';
}
