import { readFile } from 'node:fs/promises';
import { repoPaths } from '../git/repo.js';
import { agentTraceRecords } from '../read/agent-trace.js';

/** `export --format agent-trace`: one Agent Trace record per line, per commit with captured or git-ai attribution. */
export async function writeAgentTrace(input: {
  repos: readonly string[];
  revisions: readonly string[];
  env: NodeJS.ProcessEnv;
  write: (line: string) => Promise<void>;
}): Promise<number> {
  const pkg = JSON.parse(await readFile(new URL('../package.json', import.meta.url), 'utf8')) as { version: string };
  let count = 0;
  for (const cwd of input.repos) {
    const { commonDir } = await repoPaths({ cwd, env: input.env });
    for (const record of await agentTraceRecords({
      cwd,
      env: input.env,
      commonDir,
      revisions: input.revisions,
      toolVersion: pkg.version,
    })) {
      await input.write(`${JSON.stringify(record)}\n`);
      count++;
    }
  }
  return count;
}
