/**
 * Real-world commit formats agents leave (each from the agent's documentation, its source, or
 * commits it made on public repositories), and human commits that mention agents without
 * involving them. Each fixture lists the tool families detect must report (empty: none).
 */
export interface MessageFixture {
  name: string;
  message: string;
  author?: [name: string, email: string];
  committer?: [name: string, email: string];
  /** Tool families expected at medium confidence or more; [] for a human commit. */
  tools: string[];
  /** Signal ids that must be among the hits. */
  signals?: string[];
  model?: string;
}

const DEV: [string, string] = ['Ada Lovelace', 'ada@example.com'];

export const AGENT_FIXTURES: MessageFixture[] = [
  {
    name: 'Claude Code footer and co-author (current)',
    message:
      'Add retry to the fetcher\n\nRetries idempotent requests with backoff.\n\n' +
      '🤖 Generated with [Claude Code](https://claude.com/claude-code)\n\nCo-Authored-By: Claude <noreply@anthropic.com>\n',
    tools: ['claude-code'],
    signals: ['identity.claude', 'footer.generated-with', 'link.claude-code'],
  },
  {
    name: 'Claude Code footer (older link)',
    message: 'Fix lint\n\n🤖 Generated with [Claude Code](https://claude.ai/code)\n\nCo-Authored-By: Claude <noreply@anthropic.com>',
    tools: ['claude-code'],
    signals: ['identity.claude', 'footer.generated-with'],
  },
  {
    name: 'Claude co-author naming the model',
    message: 'Refactor parser\n\nCo-Authored-By: Claude Opus 4.5 (1M context) <noreply@anthropic.com>\n',
    tools: ['claude-code'],
    signals: ['identity.claude'],
  },
  {
    name: 'Claude GitHub app commit',
    message: 'Fix typo in README (#42)\n\nCo-authored-by: claude[bot] <209825114+claude[bot]@users.noreply.github.com>\n',
    tools: ['claude-code'],
    signals: ['identity.claude-app'],
  },
  {
    name: 'Claude co-author, plain footer, CRLF',
    message: 'Tidy imports\r\n\r\nGenerated with Claude Code\r\n\r\nCo-authored-by: Claude <NOREPLY@ANTHROPIC.COM>\r\n',
    tools: ['claude-code'],
    signals: ['identity.claude', 'footer.generated-with'],
  },
  {
    name: 'Cursor agent co-author',
    message: 'Add dark mode toggle\n\nCo-authored-by: Cursor Agent <cursoragent@cursor.com>\n',
    tools: ['cursor'],
    signals: ['identity.cursor'],
  },
  {
    name: 'Cursor background agent as author',
    message: 'Implement pagination for the orders endpoint',
    author: ['Cursor Agent', 'cursoragent@cursor.com'],
    tools: ['cursor'],
    signals: ['identity.cursor'],
  },
  {
    name: 'Cursor bot committer',
    message: 'Apply Bugbot fix',
    committer: ['cursor[bot]', '206951365+cursor[bot]@users.noreply.github.com'],
    tools: ['cursor'],
    signals: ['identity.cursor-bot'],
  },
  {
    name: 'Codex co-author',
    message: 'Speed up the cache warmup\n\nCo-authored-by: Codex <noreply@openai.com>\n',
    tools: ['codex'],
    signals: ['identity.codex'],
  },
  {
    name: 'Codex cloud squash merge with task link',
    message:
      'Handle empty payloads (#311)\n\n## Summary\n- return 204 on empty payloads\n\n## Testing\n- npm test\n\n------\n' +
      'https://chatgpt.com/codex/tasks/task_e_68a1b2c3d4e5f60718293a4b5c6d7e8f\n',
    tools: ['codex'],
    signals: ['link.codex-task'],
  },
  {
    name: 'Codex connector bot author',
    message: 'Fix flaky test',
    author: ['chatgpt-codex-connector[bot]', '199175422+chatgpt-codex-connector[bot]@users.noreply.github.com'],
    tools: ['codex'],
    signals: ['identity.codex-connector'],
  },
  {
    name: 'Copilot coding agent author',
    message: 'Initial plan',
    author: ['copilot-swe-agent[bot]', '198982749+Copilot@users.noreply.github.com'],
    tools: ['copilot'],
    signals: ['identity.copilot-agent'],
  },
  {
    name: 'Copilot coding agent squash with co-author',
    message:
      'Add input validation to signup form (#87)\n\n* Initial plan\n\n* Add validation\n\n---------\n\n' +
      'Co-authored-by: copilot-swe-agent[bot] <198982749+Copilot@users.noreply.github.com>\n' +
      'Co-authored-by: octocat <583231+octocat@users.noreply.github.com>\n',
    tools: ['copilot'],
    signals: ['identity.copilot-agent'],
  },
  {
    name: 'Copilot co-author by display name',
    message: 'Update docs\n\nCo-authored-by: Copilot <175728472+Copilot@users.noreply.github.com>\n',
    tools: ['copilot'],
    signals: ['identity.copilot-agent'],
  },
  {
    name: 'Devin bot author with session link',
    message:
      'Add CSV export\n\nLink to Devin run: https://app.devin.ai/sessions/0123456789abcdef0123456789abcdef\n' +
      'Requested by: Ada Lovelace (ada@example.com)\n',
    author: ['Devin AI', '158243242+devin-ai-integration[bot]@users.noreply.github.com'],
    tools: ['devin'],
    signals: ['identity.devin', 'link.devin-session'],
  },
  {
    name: 'Gemini Code Assist co-author',
    message:
      'fix: shape of the dummy input (#550)\n\nCo-authored-by: gemini-code-assist[bot]' +
      ' <176961590+gemini-code-assist[bot]@users.noreply.github.com>\n',
    tools: ['gemini'],
    signals: ['identity.gemini'],
  },
  {
    name: 'Gemini CLI co-author as configured by users',
    message: 'Add full-text search\n\nCo-Authored-By: Gemini <noreply@google.com>\n',
    tools: ['gemini'],
    signals: ['identity.gemini-google'],
  },
  {
    name: 'Jules author',
    message: 'feat(perf): fetch tickers with one query',
    author: ['google-labs-jules[bot]', '161369871+google-labs-jules[bot]@users.noreply.github.com'],
    tools: ['jules'],
    signals: ['identity.jules'],
  },
  {
    name: 'Amazon Q Developer author',
    message: 'Fix syntax errors',
    author: ['amazon-q-developer[bot]', '208079219+amazon-q-developer[bot]@users.noreply.github.com'],
    tools: ['amazon-q'],
    signals: ['identity.amazon-q'],
  },
  {
    name: 'Aider co-author with model (current default)',
    message: 'feat: add --dry-run\n\nCo-authored-by: aider (anthropic/claude-sonnet-4-20250514) <aider@aider.chat>\n',
    tools: ['aider'],
    signals: ['identity.aider'],
    model: 'anthropic/claude-sonnet-4-20250514',
  },
  {
    name: 'Aider older author suffix',
    message: 'fix: handle missing config file',
    author: ['Ada Lovelace (aider)', 'ada@example.com'],
    committer: ['Ada Lovelace (aider)', 'ada@example.com'],
    tools: ['aider'],
    signals: ['identity.aider-author-suffix'],
  },
  {
    name: 'Windsurf co-author',
    message: 'Refactor store\n\nCo-authored-by: Windsurf <noreply@windsurf.com>\n',
    tools: ['windsurf'],
    signals: ['identity.windsurf'],
  },
  {
    name: 'OpenHands co-author',
    message: 'Fix issue #12\n\nCo-authored-by: openhands <openhands@all-hands.dev>\n',
    tools: ['openhands'],
    signals: ['identity.openhands'],
  },
  {
    name: 'opencode footer and co-author',
    message: 'Add tests\n\n🤖 Generated with [opencode](https://opencode.ai)\n\nCo-Authored-By: opencode <noreply@opencode.ai>\n',
    tools: ['opencode'],
    signals: ['identity.opencode', 'footer.generated-with'],
  },
  {
    name: 'Amp thread trailer and co-author',
    message:
      'Fix race in worker pool\n\nAmp-Thread: https://ampcode.com/threads/T-0f1e2d3c-4b5a-6978-8796-a5b4c3d2e1f0\n' +
      'Co-authored-by: Amp <amp@ampcode.com>\n',
    tools: ['amp'],
    signals: ['identity.amp', 'trailer.amp-thread'],
  },
  {
    name: 'Crush footer',
    message: 'Rename flags\n\n💘 Generated with Crush\nCo-Authored-By: Crush <crush@charm.land>\n',
    tools: ['crush'],
    signals: ['identity.crush', 'footer.generated-with'],
  },
  {
    name: 'Cline co-author',
    message: 'Add retry policy\n\nCo-authored-by: Cline <noreply@cline.bot>\n',
    tools: ['cline'],
    signals: ['identity.cline'],
  },
  {
    name: 'Roo Code background agent author',
    message: 'Fix the flaky upload test',
    author: ['Roomote', 'roomote@roocode.com'],
    tools: ['roo-code'],
    signals: ['identity.roo-code'],
  },
  {
    name: 'Sweep bot author',
    message: 'Sweep: add type hints to utils.py',
    author: ['sweep-ai[bot]', '128439645+sweep-ai[bot]@users.noreply.github.com'],
    tools: ['sweep'],
    signals: ['identity.sweep'],
  },
  {
    name: 'Cursor background agent squash with its links',
    message:
      'Add CSV export (#214)\n\n* Add CSV export for orders\n\n' +
      '<a href="https://cursor.com/background-agent?bcId=bc-3f1c2a9e-7d4b-4e8a-9c1d-0a2b3c4d5e6f">Open in Cursor</a>\n',
    tools: ['cursor'],
    signals: ['link.cursor-agent'],
  },
  {
    name: 'Jules squash with its task link',
    message: 'Fix date parsing in the importer (#77)\n\nThis change was made by Jules: https://jules.google.com/task/1234567890123456789\n',
    tools: ['jules'],
    signals: ['link.jules-task'],
  },
  {
    name: 'Linux kernel Assisted-by',
    message:
      'mm: fix off-by-one in the reclaim counter\n\nAssisted-by: Claude:claude-3-opus coccinelle sparse\n' +
      'Signed-off-by: Ada Lovelace <ada@example.com>\n',
    tools: ['claude-code'],
    signals: ['trailer.assisted-by'],
    model: 'claude-3-opus',
  },
  {
    name: 'Assisted-by naming an agent the catalog does not know',
    message: 'Add parser\n\nAssisted-by: qodo-gen:gpt-4.1-2025-04-14\n',
    tools: ['qodo-gen'],
    signals: ['trailer.assisted-by'],
  },
  {
    name: 'Generated-by naming an agent',
    message: 'Scaffold the service\n\nGenerated-by: Claude Code\n',
    tools: ['claude-code'],
    signals: ['trailer.names-agent'],
  },
  {
    name: 'AI-Generated-By key',
    message: 'Add migration\n\nAI-Generated-By: internal tooling\n',
    tools: ['ai'],
    signals: ['trailer.ai-key'],
  },
  {
    name: 'Co-author named exactly like an agent, unknown email',
    message: 'Add cache\n\nCo-authored-by: GitHub Copilot <copilot@example.invalid>\n',
    tools: ['copilot'],
    signals: ['trailer.names-agent'],
  },
  {
    name: 'Merge of a Claude branch',
    message: 'Merge pull request #88 from acme/claude/issue-87-20250611-1402\n\nFix the retry loop',
    tools: ['claude-code'],
    signals: ['branch.agent-prefix'],
  },
  {
    name: 'Merge of a Codex branch',
    message: "Merge branch 'codex/add-retry-to-fetcher'",
    tools: ['codex'],
    signals: ['branch.agent-prefix'],
  },
  {
    name: 'Merge of a Copilot branch (remote-tracking)',
    message: "Merge remote-tracking branch 'origin/copilot/fix-123'",
    tools: ['copilot'],
    signals: ['branch.agent-prefix'],
  },
  {
    name: 'Merge of a Cursor branch into main (GitLab)',
    message: "Merge branch 'cursor/implement-pagination-4f2a' into 'main'\n\nSee merge request acme/shop!12",
    tools: ['cursor'],
    signals: ['branch.agent-prefix'],
  },
  {
    name: 'Merge of a Devin branch',
    message: 'Merge pull request #5 from acme/devin/1712345678-add-export',
    tools: ['devin'],
    signals: ['branch.agent-prefix'],
  },
  {
    name: "ai-attest's own trailers",
    message:
      'Add session rotation\n\nAi-Attest: v1\nAi-Attest-AI: used\n' +
      'Ai-Attest-Tool: claude-code model=claude-sonnet-4-5-20250929 via=cli-agent\nAi-Attest-Share: 40\n' +
      'Assisted-by: claude-code:claude-sonnet-4-5-20250929\nAi-Attest-Sig: iHUEABYIAB0WIQQ4\n',
    tools: ['claude-code'],
    signals: ['trailer.assisted-by'],
    model: 'claude-sonnet-4-5-20250929',
  },
];

/** Human commits that mention agents in prose, code, identities or dependency bumps. */
export const HUMAN_FIXTURES: MessageFixture[] = [
  { name: 'plain', message: 'fix: typo in README\n', tools: [] },
  { name: 'prose about Claude, ChatGPT and Copilot', message: 'docs: compare Claude, ChatGPT and Copilot for code review\n', tools: [] },
  {
    name: 'cursor in code terms',
    message: 'Use cursor-based pagination for /orders\n\nThe database cursor is kept per request; Cursor objects are closed in finally.\n',
    tools: [],
  },
  { name: 'cursor pagination generated with', message: 'Regenerate client\n\nGenerated with cursor pagination enabled.\n', tools: [] },
  {
    name: 'Generated with a non-AI tool',
    message: 'build: regenerate protobuf stubs\n\nGenerated-by: protoc 25.1\nGenerated with protoc-gen-ts\n',
    tools: [],
  },
  { name: "'Generated with' header in a CSV", message: "fix: handle the 'Generated with' header in exported CSV\n", tools: [] },
  {
    name: 'dependency bump of the Anthropic SDK',
    message:
      'chore(deps): bump @anthropic-ai/sdk from 0.24.0 to 0.27.1\n\n' +
      'Bumps [@anthropic-ai/sdk](https://github.com/anthropics/anthropic-sdk-typescript) from 0.24.0 to 0.27.1.\n' +
      '- [Release notes](https://github.com/anthropics/anthropic-sdk-typescript/releases)\n\n' +
      'Signed-off-by: dependabot[bot] <support@github.com>\n',
    author: ['dependabot[bot]', '49699333+dependabot[bot]@users.noreply.github.com'],
    tools: [],
  },
  {
    name: 'dependency bump of copilot and cursor packages',
    message:
      'chore(deps): update dependency copilot-language-server to v1.300.0\n\nAlso bumps cursor-pagination 2.1.0 and claude-client 0.4.\n',
    author: ['renovate[bot]', '29139614+renovate[bot]@users.noreply.github.com'],
    tools: [],
  },
  {
    name: 'human named Claude as co-author',
    message: 'Add entropy estimator\n\nCo-authored-by: Claude Shannon <claude.shannon@example.edu>\n',
    tools: [],
  },
  { name: 'human named Claudette', message: 'Fix bus timetable\n\nCo-authored-by: Claudette Colvin <claudette@example.org>\n', tools: [] },
  {
    name: 'human at an AI vendor',
    message: 'Fix docs link\n\nCo-authored-by: Jane Doe <jane@anthropic.com>\n',
    author: ['Wojciech Kowalski', 'wojciech@openai.com'],
    tools: [],
  },
  { name: 'human named Devin', message: 'Add tests\n\nCo-authored-by: Devin Brown <devin.brown@example.com>\n', tools: [] },
  { name: 'surname containing Copilot', message: 'Fix flaky test\n\nCo-authored-by: Maria Copilotti <maria@example.it>\n', tools: [] },
  {
    name: 'human trailers',
    message:
      'fix(api): reject negative page sizes\n\nSigned-off-by: Ada Lovelace <ada@example.com>\n' +
      'Reviewed-by: Grace Hopper <grace.hopper@example.org>\nFixes: #1284\n',
    tools: [],
  },
  { name: 'AI-assisted: no', message: 'fix: close file handles\n\nAI-assisted: no\n', tools: [] },
  {
    name: 'integration code for Claude',
    message:
      'feat(llm): add a Claude provider\n\nCalls the Messages API with model claude-sonnet-4-5; the key comes from' +
      ' ANTHROPIC_API_KEY.\nnoreply@anthropic.com is not a user we email.\n',
    tools: [],
  },
  { name: 'removing co-author parsing', message: 'chore: remove Co-authored-by parsing from the changelog script\n', tools: [] },
  { name: 'merge of a feature branch', message: "Merge branch 'feature/rotation' into main\n", tools: [] },
  { name: 'merge of a user called claude', message: 'Merge pull request #9 from claude/fix-readme\n', tools: [] },
  { name: 'merge of a branch mentioning copilot', message: "Merge branch 'feature/copilot-telemetry-opt-out'\n", tools: [] },
  { name: 'revert', message: 'Revert "feat: add cache"\n\nThis reverts commit 3a91f02e7d5c2b1f0a9e8d7c6b5a493827160f5e.\n', tools: [] },
  { name: 'GitHub web-flow committer', message: 'Update README.md', committer: ['GitHub', 'noreply@github.com'], tools: [] },
  {
    name: 'config mentioning the agents',
    message:
      'ci: allow claude/ and codex/ branches in the workflow filter\n\n' +
      'Also adds .cursor/ and .github/copilot-instructions.md to CODEOWNERS.\n',
    tools: [],
  },
  {
    name: 'unicode body',
    message: 'docs: 翻译安装指南\n\nДобавлен раздел об установке. 🚀\n',
    author: ['李雷', 'lilei@example.cn'],
    tools: [],
  },
];

export { DEV };
