import { TraceError } from './errors.js';

/**
 * -L values are passed through to git (blame and log -L share the syntax: `a,b`, `a,+n`,
 * `a,-n`, `/regex/,b`, `:funcname`); only what git would misread here is refused early.
 */
export function checkSpecs(specs: readonly string[], file: string): string[] {
  if (specs.length === 0)
    throw new TraceError(
      `which lines? add -L START,END (e.g. ai-attest trace ${shellWord(file)} -L 10,29), -L START,+COUNT or -L :FUNCNAME.`,
    );
  return specs.map((spec) => {
    const trimmed = spec.trim();
    if (!trimmed) throw new TraceError('-L is empty: give START,END, START,+COUNT or :FUNCNAME.');
    // `git log -L 10,20:path` style: the path is a separate argument here.
    const withPath = /^(\d+,[+-]?\d+):(.+)$/.exec(trimmed);
    if (withPath) {
      throw new TraceError(
        `-L ${trimmed}: give the file as the argument and the lines alone: ai-attest trace ${shellWord(withPath[2]!)} -L ${withPath[1]}.`,
      );
    }
    if (/^\d+$/.test(trimmed) || /^\d+,\d+$/.test(trimmed)) {
      const [start, end] = trimmed.split(',').map(Number);
      if (start === 0 || end === 0) throw new TraceError(`-L ${trimmed}: lines count from 1.`);
    }
    return trimmed;
  });
}

function shellWord(text: string): string {
  return /^[\w./@+-]+$/.test(text) && !text.startsWith('-') ? text : `'${text.replace(/'/g, `'\\''`)}'`;
}
