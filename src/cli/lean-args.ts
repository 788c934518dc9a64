/**
 * The lean start's argument reader (src/lean.ts): the subset of commander's parsing that read
 * commands use every day, so that `ai-attest verify` runs without loading commander and every
 * command's registration. Anything it does not know for sure (help, an unknown or combined
 * option, `--`, a missing value) returns null and the full CLI parses it, errors and help
 * included. test/lean-start.test.ts checks each spec against the command's commander options.
 */

/** One option exactly as the command's commander registration declares it. */
export interface LeanOption {
  /** commander's flags: `--json`, `--format <format>`, `-L, --lines <range>`, `--no-cache`. */
  flags: string;
  /** Repeatable: each value is appended (commander's collect). */
  repeat?: boolean;
  /** commander's default value, when the registration gives one. */
  default?: string | boolean | string[];
}

export interface LeanSpec {
  options: readonly LeanOption[];
  /** How many operands the command takes: `[revs...]` any, `<file>` exactly one. */
  operands: 'any' | 'one';
  /**
   * Options that commander passes through as operands (`allowUnknownOption`): the range options
   * git log takes. Only these forms; any other unknown option goes to the full CLI.
   */
  passThrough?: RegExp;
}

export interface LeanArgs {
  operands: string[];
  options: Record<string, string | boolean | string[]>;
}

interface ParsedFlag {
  short: string | null;
  long: string;
  attribute: string;
  value: boolean;
  negate: boolean;
}

export function parseFlags(flags: string): ParsedFlag {
  const match = /^(?:(-[A-Za-z]), )?(--[a-z][a-z0-9-]*)(?: <[a-z-]+>)?$/.exec(flags);
  if (!match) throw new Error(`lean option "${flags}" is not of a form the lean start reads`);
  const long = match[2]!;
  const negate = long.startsWith('--no-');
  const name = negate ? long.slice(5) : long.slice(2);
  return {
    short: match[1] ?? null,
    long,
    attribute: name.replace(/-([a-z0-9])/g, (_, c: string) => c.toUpperCase()),
    value: flags.includes('<'),
    negate,
  };
}

/** The command's operands and options as commander would give them, or null: let commander parse. */
export function parseLean(argv: readonly string[], spec: LeanSpec): LeanArgs | null {
  const flags = spec.options.map((o) => ({ ...parseFlags(o.flags), option: o }));
  const options: LeanArgs['options'] = {};
  for (const f of flags) {
    if (f.negate) options[f.attribute] = true;
    else if (f.option.default !== undefined) options[f.attribute] = f.option.default;
  }
  const repeated = new Set<string>();
  const operands: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (!arg.startsWith('-') || arg === '-') {
      operands.push(arg);
      continue;
    }
    const eq = arg.startsWith('--') ? arg.indexOf('=') : -1;
    const name = eq > 0 ? arg.slice(0, eq) : arg;
    const flag = flags.find((f) => f.long === name || f.short === name);
    if (!flag) {
      if (spec.passThrough?.test(arg)) {
        operands.push(arg);
        continue;
      }
      return null;
    }
    if (!flag.value) {
      if (eq > 0) return null;
      options[flag.attribute] = !flag.negate;
      continue;
    }
    let value: string;
    if (eq > 0) value = arg.slice(eq + 1);
    else {
      const next = argv[i + 1];
      // commander would take a dash-led value, or complain of a missing one: its call.
      if (next === undefined || next.startsWith('-')) return null;
      value = next;
      i++;
    }
    if (flag.option.repeat) {
      // commander's collect starts from the default only when the default is an array.
      const previous = repeated.has(flag.attribute) ? (options[flag.attribute] as string[]) : toArray(flag.option.default);
      options[flag.attribute] = [...previous, value];
      repeated.add(flag.attribute);
    } else options[flag.attribute] = value;
  }
  if (spec.operands === 'one' && operands.length !== 1) return null;
  return { operands, options };
}

function toArray(value: LeanOption['default']): string[] {
  return Array.isArray(value) ? value : [];
}
