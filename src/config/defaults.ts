import type { Config, DetailPolicy } from './types.js';

export const CONFIG_PATH = '.ai-attest/config.json';
export const KEYRING_PATH = '.ai-attest/keys';
export const CONFIG_SCHEMA_URL = 'https://ai-attest.dev/schema/config-v1.json';

/** Defaults a new repository starts from: the common assistants and sensitive areas. */
export function defaultConfig(): Config {
  return {
    version: 1,
    tools: [
      {
        id: 'claude-code',
        name: 'Claude Code',
        via: 'cli-agent',
        approved: true,
        models: ['claude-sonnet-4-5-20250929', 'claude-opus-4-1-20250805'],
      },
      { id: 'copilot', name: 'GitHub Copilot', via: 'ide-plugin', approved: true, models: ['gpt-4.1-2025-04-14'] },
      { id: 'cursor', name: 'Cursor', via: 'ide-plugin', approved: true, models: [] },
      { id: 'codex', name: 'OpenAI Codex CLI', via: 'cli-agent', approved: true, models: ['gpt-5-codex'] },
      { id: 'chatgpt', name: 'ChatGPT (web)', via: 'web-chat', approved: true, models: [] },
      { id: 'aider', name: 'Aider', via: 'cli-agent', approved: false, models: [] },
    ],
    // Words match whole words of a path (src/config/sensitive.ts), so `auth` finds
    // `src/auth/`, `authService.ts` and `OAuthClient.java` but never `author.ts` or
    // `src/authorship/`; globs cover what a name alone says (`.env`, `*.pem`). The measured
    // false-positive rates are in docs/sensitive-paths.md.
    sensitive: [
      {
        category: 'security-controls',
        description: 'authentication, authorisation, sessions, cryptography and security middleware',
        globs: [],
        words: [
          'security',
          'auth',
          'authn',
          'authz',
          'oauth',
          'oidc',
          'saml',
          'sso',
          'login',
          'logout',
          'signin',
          'signon',
          'session',
          'password',
          'passwd',
          'token',
          'jwt',
          'mfa',
          'totp',
          'otp',
          'crypto',
          'cryptography',
          'encrypt',
          'encryption',
          'decrypt',
          'cipher',
          'hmac',
          'csrf',
          'permission',
          'acl',
        ],
        caseSensitive: false,
      },
      {
        category: 'iam-network-policy',
        description: 'IAM, RBAC and network policy as code',
        globs: ['**/*.rego', '**/policies/**', '**/*networkpolicy*', '**/*network-policy*'],
        words: ['iam', 'rbac', 'abac', 'firewall', 'networkpolicy'],
        caseSensitive: false,
      },
      {
        category: 'credentials',
        description: 'secrets, keys and credential handling',
        globs: [
          '**/.env',
          '**/.env.*',
          '**/*.pem',
          '**/*.key',
          '**/*.p12',
          '**/*.pfx',
          '**/*.jks',
          '**/*.keystore',
          '**/id_rsa*',
          '**/id_ed25519*',
          '**/.npmrc',
          '**/.netrc',
        ],
        words: ['secret', 'credential', 'creds', 'apikey', 'keystore', 'keychain', 'vault', 'kms'],
        caseSensitive: false,
      },
      {
        category: 'compliance-scope',
        description: 'code in audit scope (payments, personal data, audit logging)',
        globs: [],
        words: ['payment', 'billing', 'pii', 'gdpr', 'hipaa', 'pci', 'audit'],
        caseSensitive: false,
      },
    ],
    policy: {
      noAnswers: 'record-undeclared',
      exempt: { merges: true, authors: [], before: null },
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
