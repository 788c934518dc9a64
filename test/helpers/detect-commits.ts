import type { Repo } from './repo.js';

/**
 * Commits `file` with `message` and returns the commit id: attested with `tools` (`TOOL:MODEL` or
 * `none`) from the environment, or not attested at all when `tools` is null.
 */
export function commitFile(
  repo: Repo,
  file: string,
  text: string,
  message: string,
  tools: string | null,
  extraEnv: NodeJS.ProcessEnv = {},
): string {
  repo.write(file, text);
  repo.git(['add', '-A']);
  repo.git(['commit', '-q', '-F', '-'], {
    input: message,
    env:
      tools === null
        ? { AI_ATTEST: '0', ...extraEnv }
        : { AI_ATTEST_TOOLS: tools, AI_ATTEST_PROPORTION: tools === 'none' ? '0' : '50', ...extraEnv },
  });
  return repo.git(['rev-parse', 'HEAD']).trim();
}

/** A git-ai authorship note (schema authorship/3.0.0) whose one session names `tool` and a model. */
export function gitAiNote(tool: string): string {
  return (
    'i.ts\n  s_0123456789abcd::t_0123456789abcd 1-1\n---\n' +
    '{"schema_version":"authorship/3.0.0","base_commit_sha":"x","prompts":{},' +
    `"sessions":{"s_0123456789abcd":{"agent_id":{"tool":"${tool}","id":"c1","model":"gpt-5-2025-08-07"},` +
    '"human_author":"dev@example.com"}}}\n'
  );
}
