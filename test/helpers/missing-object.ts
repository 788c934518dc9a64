import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { makeRepo, type Repo, type Sandbox } from './repo.js';

/**
 * A clone that lost an object: f.txt changed in three commits, the blob of the middle one gone
 * (as after an interrupted or partial fetch), so that blame and log -L over f.txt fail on it.
 */
export function repoMissingABlob(sandbox: Sandbox, name: string): { repo: Repo; blob: string } {
  const repo = makeRepo(sandbox, name);
  for (const n of [1, 2, 3]) {
    repo.write('f.txt', `first ${n}\nsecond\nthird ${n}\n`);
    repo.git(['add', 'f.txt']);
    repo.git(['commit', '-q', '-m', `c${n}`]);
  }
  const blob = repo.git(['rev-parse', 'HEAD~1:f.txt']).trim();
  rmSync(join(repo.dir, '.git', 'objects', blob.slice(0, 2), blob.slice(2)));
  return { repo, blob };
}
