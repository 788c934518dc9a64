import type { Config, DetailPolicy } from './types.js';

export const CONFIG_PATH = '.ai-attest/config.json';
export const KEYRING_PATH = '.ai-attest/keys';
export const CONFIG_SCHEMA_URL = 'https://ai-attest.dev/schema/config-v1.json';

/** Defaults a new repository starts from: the common assistants and sensitive areas. */
export function defaultConfig(): Config {
  return {
    version: 1,
    tools: [
      { id: 'claude-code', name: 'Claude Code', via: 'cli-agent', approved: true, models: ['claude-sonnet-4-5-20250929', 'claude-opus-4-1-20250805'] },
      { id: 'copilot', name: 'GitHub Copilot', via: 'ide-plugin', approved: true, models: ['gpt-4.1-2025-04-14'] },
      { id: 'cursor', name: 'Cursor', via: 'ide-plugin', approved: true, models: [] },
      { id: 'codex', name: 'OpenAI Codex CLI', via: 'cli-agent', approved: true, models: ['gpt-5-codex'] },
      { id: 'chatgpt', name: 'ChatGPT (web)', via: 'web-chat', approved: true, models: [] },
      { id: 'aider', name: 'Aider', via: 'cli-agent', approved: false, models: [] },
    ],
    sensitive: [
      {
        category: 'security-controls',
        description: 'authentication, authorisation, cryptography and security middleware',
        globs: ['**/auth/**', '**/authn/**', '**/authz/**', '**/security/**', '**/crypto/**', '**/*auth*.*', '**/middleware/**/*security*'],
      },
      {
        category: 'iam-network-policy',
        description: 'IAM, RBAC and network policy as code',
        globs: ['**/iam/**', '**/*.rego', '**/rbac/**', '**/*networkpolicy*', '**/terraform/**/*iam*', '**/policies/**'],
      },
      {
        category: 'credentials',
        description: 'secrets, keys and credential handling',
        globs: ['**/.env', '**/.env.*', '**/secrets/**', '**/*secret*', '**/*credential*', '**/*.pem', '**/*.key'],
      },
      {
        category: 'compliance-scope',
        description: 'code in audit scope (payments, personal data, audit logging)',
        globs: ['**/payments/**', '**/billing/**', '**/pii/**', '**/audit/**'],
      },
    ],
    policy: {
      noAnswers: 'record-undeclared',
      exempt: { merges: true, authors: ['dependabot[bot]', 'renovate[bot]', 'github-actions[bot]'], before: null },
      checks: {},
      identities: {},
      carriers: [],
    },
    keyring: '.ai-attest/keys',
    detail: defaultDetailPolicy(),
  };
}

export function defaultDetailPolicy(): DetailPolicy {
  return { when: 'policy', sensitivePaths: true, aiLinesOver: 200, recipients: '.ai-attest/recipients', developerReads: false };
}
