import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, symlinkSync } from 'node:fs';
import * as real from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import * as stand from '../src/hook/sync-fs.js';

/**
 * src/hook/sync-fs.ts stands in for node:fs/promises in the commit hooks' bundles
 * (scripts/build-hook.mjs). Code written against the real module must not notice: every function
 * it has gives the same files, results and failures (as rejections, same codes) as the real one,
 * each in a folder of its own. (Tried in the read commands' bundle, it left verify's cache unsaved:
 * writeFileSync refused the iterable of pieces the real one takes, and a best-effort save
 * swallowed the error.)
 */
describe('the synchronous fs/promises stand-in', () => {
  const root = mkdtempSync(join(tmpdir(), 'ai-attest-sync-fs-'));
  afterAll(() => rmSync(root, { recursive: true, force: true }));
  let n = 0;
  const both = async <T>(act: (fs: typeof real, dir: string) => Promise<T>) => {
    const dirs = ['real', 'stand'].map((kind) => join(root, `${++n}-${kind}`));
    const outcomes = [];
    for (const [i, fs] of [real, stand as unknown as typeof real].entries()) {
      await real.mkdir(dirs[i]!, { recursive: true });
      outcomes.push(
        await act(fs, dirs[i]!).then(
          (value) => ({ value: relative(value, dirs[i]!) }),
          (error: NodeJS.ErrnoException) => ({ code: error.code ?? error.name }),
        ),
      );
    }
    expect(outcomes[1]).toEqual(outcomes[0]);
    expect(snapshot(dirs[1]!)).toEqual(snapshot(dirs[0]!));
    return outcomes[0]!;
  };

  it('writes strings, bytes and an iterable of pieces, with the mode asked for', async () => {
    const pieces = function* () {
      yield '{"a":';
      yield '1}\n';
    };
    expect(await both((fs, d) => fs.writeFile(join(d, 'pieces'), pieces()))).toEqual({ value: undefined });
    await both((fs, d) => fs.writeFile(join(d, 'text'), 'naïve 日本\n', 'utf8'));
    await both((fs, d) => fs.writeFile(join(d, 'bytes'), new Uint8Array([0, 255, 10])));
    await both((fs, d) => fs.writeFile(join(d, 'secret'), pieces(), { mode: 0o600 }));
    await both(async (fs, d) => {
      await fs.writeFile(join(d, 'appended'), 'one\n');
      await fs.appendFile(join(d, 'appended'), 'two\n');
    });
    expect(await both((fs, d) => fs.writeFile(join(d, 'no-such-dir', 'f'), pieces()))).toEqual({ code: 'ENOENT' });
  });

  it('reads, lists and looks up as the real module does', async () => {
    const setup = async (fs: typeof real, d: string) => {
      await fs.mkdir(join(d, 'a', 'b'), { recursive: true });
      await fs.writeFile(join(d, 'a', 'f'), 'x');
      symlinkSync(join(d, 'a'), join(d, 'link'));
    };
    expect(await both(async (fs, d) => (await setup(fs, d), fs.readFile(join(d, 'a', 'f'), 'utf8')))).toEqual({ value: 'x' });
    await both(async (fs, d) => (await setup(fs, d), [...(await fs.readFile(join(d, 'a', 'f')))]));
    await both(async (fs, d) => (await setup(fs, d), (await fs.readdir(join(d, 'a'))).sort()));
    await both(async (fs, d) => {
      await setup(fs, d);
      return (await fs.readdir(d, { withFileTypes: true })).map((e) => [e.name, e.isDirectory(), e.isSymbolicLink()]).sort();
    });
    await both(async (fs, d) => (await setup(fs, d), fs.realpath(join(d, 'link', 'b'))));
    await both(async (fs, d) => {
      await setup(fs, d);
      return [(await fs.stat(join(d, 'link'))).isDirectory(), (await fs.lstat(join(d, 'link'))).isSymbolicLink()];
    });
    expect(await both((fs, d) => fs.readFile(join(d, 'missing'), 'utf8'))).toEqual({ code: 'ENOENT' });
    await both((fs, d) => fs.readdir(join(d, 'missing')));
    await both((fs, d) => fs.stat(join(d, 'missing')));
  });

  it('makes, moves and removes as the real module does', async () => {
    await both((fs, d) => fs.mkdir(join(d, 'x', 'y'), { recursive: true }));
    await both((fs, d) => fs.mkdir(join(d, 'x', 'y')));
    await both(async (fs, d) => (await fs.mkdir(join(d, 'x')), fs.mkdir(join(d, 'x'))));
    await both(async (fs, d) => {
      await fs.writeFile(join(d, 'f'), 'x');
      await fs.rename(join(d, 'f'), join(d, 'g'));
      await fs.chmod(join(d, 'g'), 0o640);
    });
    await both(async (fs, d) => (await fs.writeFile(join(d, 'f'), 'x'), fs.rm(join(d, 'f'))));
    await both((fs, d) => fs.rm(join(d, 'missing')));
    await both((fs, d) => fs.rm(join(d, 'missing'), { force: true }));
    await both(async (fs, d) => (await fs.mkdir(join(d, 'x')), fs.rm(join(d, 'x'))));
    await both(async (fs, d) => {
      await fs.mkdir(join(d, 'x', 'y'), { recursive: true });
      await fs.writeFile(join(d, 'x', 'y', 'f'), 'x');
      await fs.rm(join(d, 'x'), { recursive: true });
    });
    await both(async (fs, d) => (await fs.writeFile(join(d, 'f'), 'x'), fs.unlink(join(d, 'f'))));
    await both((fs, d) => fs.unlink(join(d, 'missing')));
    await both(async (fs, d) => (await fs.mkdir(join(d, 'x')), fs.rmdir(join(d, 'x'))));
    await both(async (fs, d) => (await fs.mkdir(join(d, 'x')), await fs.writeFile(join(d, 'x', 'f'), ''), fs.rmdir(join(d, 'x'))));
  });
});

/** Paths in a result named from the test's own folder, so that the two folders compare. */
function relative(value: unknown, dir: string): unknown {
  if (typeof value === 'string') return value.split(dir).join('<dir>');
  if (Array.isArray(value)) return value.map((v) => relative(v, dir));
  return value;
}

/** Every file under `dir`: its path, kind, permission bits and bytes. */
function snapshot(dir: string, prefix = ''): Array<[string, string, number, string]> {
  return readdirSync(join(dir, prefix), { withFileTypes: true })
    .sort((a, b) => a.name.localeCompare(b.name))
    .flatMap((e): Array<[string, string, number, string]> => {
      const path = join(prefix, e.name);
      const full = join(dir, path);
      if (e.isSymbolicLink()) return [[path, 'link', 0, '']];
      const mode = statSync(full).mode & 0o777;
      if (e.isDirectory()) return [[path, 'dir', mode, ''], ...snapshot(dir, path)];
      return [[path, 'file', mode, readFileSync(full).toString('hex')]];
    });
}
