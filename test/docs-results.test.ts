import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { CHECKS, defaultLevel, FAILURE_RESULTS } from '../src/read/evaluate/types.js';

// docs/verify.md's results table is what users configure `policy.checks` from: every result verify
// can report is there, under its check, with the level it has by default.
const table = readFileSync('docs/verify.md', 'utf8')
  .split('\n')
  .map((line) => /^\| ([a-z]+) \| `([a-z-]+)`( \(pass\))? \| (fail|warn)? \|/.exec(line))
  .filter((row) => row !== null)
  .map((row) => ({ check: row[1]!, result: row[2]!, level: row[4] ?? 'pass' }));

describe("docs/verify.md's results table", () => {
  it('lists every result verify reports, under its check, with its default level', () => {
    const documented = new Map(table.map((row) => [`${row.check}/${row.result}`, row.level]));
    const missing: string[] = [];
    for (const check of CHECKS) {
      for (const result of FAILURE_RESULTS[check]) {
        const level = documented.get(`${check}/${result}`);
        if (level !== defaultLevel(result))
          missing.push(`${check} ${result}: documented ${level ?? 'nowhere'}, is ${defaultLevel(result)}`);
      }
    }
    expect(missing).toEqual([]);
  });

  it('documents no result verify does not have', () => {
    const known = new Set(CHECKS.flatMap((check) => FAILURE_RESULTS[check] as readonly string[]));
    const stale = table.filter((row) => row.level !== 'pass' && !known.has(row.result)).map((row) => row.result);
    expect(stale).toEqual([]);
  });
});
