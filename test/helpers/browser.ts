import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { BrowserContext } from 'playwright-core';

/** Debian's chromium; CI installs it with .ci/install-browser.sh. */
export const CHROMIUM = process.env.AI_ATTEST_CHROMIUM ?? '/usr/bin/chromium';

/** Flags for a closed network and a throwaway profile: nothing phones home, nothing is kept. */
const FLAGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/** Fails (never skips) when the browser is missing, saying how to install it. */
export function requireChromium(): void {
  if (existsSync(CHROMIUM)) return;
  throw new Error(
    `\n\n*** ${CHROMIUM} is missing: the HTML dashboard test needs a real headless Chromium. ***\n` +
      '*** Install it with `bash .ci/install-browser.sh` (apt-get install -y chromium), or point AI_ATTEST_CHROMIUM at one. ***\n',
  );
}

export interface Browser {
  context: BrowserContext;
  close(): Promise<void>;
}

/** A headless Chromium with a fresh --user-data-dir, removed on close. */
export async function launchChromium(): Promise<Browser> {
  requireChromium();
  const { chromium } = await import('playwright-core');
  const profile = mkdtempSync(join(tmpdir(), 'ai-attest-chromium-'));
  const context = await chromium.launchPersistentContext(profile, { executablePath: CHROMIUM, headless: true, args: FLAGS, offline: true });
  return {
    context,
    async close() {
      await context.close();
      rmSync(profile, { recursive: true, force: true });
    },
  };
}

/** Where tests keep screenshots and other things to look at after a run (git-ignored). */
export function artifactPath(name: string): string {
  const dir = new URL('../../test-artifacts/', import.meta.url).pathname;
  mkdirSync(dir, { recursive: true });
  return join(dir, name);
}
