import { createRequire, syncBuiltinESMExports } from 'node:module';

const SPAWNERS = ['spawn', 'spawnSync', 'exec', 'execSync', 'execFile', 'execFileSync', 'fork'] as const;
type Spawner = (...args: unknown[]) => unknown;
const childProcess = createRequire(import.meta.url)('node:child_process') as Record<(typeof SPAWNERS)[number], Spawner>;

/**
 * Makes every way of starting a process throw, for code imported before and after the call
 * (syncBuiltinESMExports updates the live ESM bindings too). Returns the undo.
 */
export function blockChildProcesses(): () => void {
  const saved = SPAWNERS.map((name) => [name, childProcess[name]] as const);
  for (const name of SPAWNERS) {
    childProcess[name] = (command: unknown) => {
      throw new Error(
        `the fast test tier starts no processes, but ${name}(${JSON.stringify(command)}) was called: ` +
          'move this test file out of test/fast-tier.ts (the full suite still runs it).',
      );
    };
  }
  syncBuiltinESMExports();
  return () => {
    for (const [name, original] of saved) childProcess[name] = original;
    syncBuiltinESMExports();
  };
}
