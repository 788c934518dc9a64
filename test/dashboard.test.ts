// @module-tag git
import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { artifactPath, launchChromium, requireChromium, type Browser } from './helpers/browser.js';
import { makeRepo, makeSandbox } from './helpers/repo.js';

/**
 * The HTML dashboard in a real headless Chromium: charts and tables render with the numbers of
 * a known history, nothing is fetched, nothing logs an error, and a screenshot (screen and print)
 * is kept under test-artifacts/.
 */
const sandbox = makeSandbox();
const repo = makeRepo(sandbox, 'dash');
let browser: Browser | null = null;
let page: Page;
const consoleErrors: string[] = [];
const requests: string[] = [];

// What is committed below, tallied by hand: 5 commits, one unattested, one forged.
const COMMITS = [
  { subject: 'root', tools: 'none', state: 'none', week: '2025-W23', date: '2025-06-02T10:00:00Z' },
  {
    subject: 'feature',
    tools: 'claude-code:claude-sonnet-4-5-20250929',
    share: 60,
    lines: 10,
    state: 'used',
    week: '2025-W23',
    date: '2025-06-03T10:00:00Z',
  },
  {
    subject: 'pair',
    tools: 'copilot:gpt-4.1-2025-04-14,claude-code:claude-sonnet-4-5-20250929',
    share: 20,
    lines: 5,
    state: 'used',
    week: '2025-W24',
    date: '2025-06-10T10:00:00Z',
  },
  { subject: 'manual', tools: 'none', lines: 4, state: 'none', week: '2025-W24', date: '2025-06-11T10:00:00Z' },
  { subject: 'skipped', tools: 'skip', lines: 3, state: 'unattested', week: '2025-W26', date: '2025-06-24T10:00:00Z' },
] as const;
const USED = 2;
const IN_SCOPE = 5;
const AI_LINES = 10 * 0.6 + 5 * 0.2;

function commitAll(c: (typeof COMMITS)[number]): void {
  const env: NodeJS.ProcessEnv = { ...repo.env, GIT_AUTHOR_DATE: c.date, GIT_COMMITTER_DATE: c.date };
  if (c.tools === 'skip') env.AI_ATTEST = '0';
  else env.AI_ATTEST_TOOLS = c.tools;
  if ('share' in c) env.AI_ATTEST_PROPORTION = String(c.share);
  repo.git(['add', '-A']);
  // detached: a new session without a controlling terminal, so the hook cannot prompt.
  const options = { cwd: repo.dir, env, encoding: 'utf8' as const, detached: true };
  const r = spawnSync('git', ['commit', '-q', '-m', c.subject], options);
  expect(r.status, r.stderr).toBe(0);
}

let rootLines = 0;
let htmlPath = '';

beforeAll(async () => {
  // Fail loudly, before any setup, when the browser is not installed.
  requireChromium();
  expect(repo.cli(['init', '--yes']).status).toBe(0);
  repo.write('README.md', '# dashboard\n');
  repo.git(['add', '-A']);
  rootLines = repo
    .git(['ls-files', '-z'])
    .split('\0')
    .filter(Boolean)
    .reduce((n, f) => n + (readFileSync(join(repo.dir, f), 'utf8').match(/\n/g)?.length ?? 0), 0);
  for (const c of COMMITS) {
    if ('lines' in c)
      repo.write(`src/${c.subject}.ts`, Array.from({ length: c.lines }, (_, i) => `// ${c.subject} ${i}`).join('\n') + '\n');
    commitAll(c);
  }
  htmlPath = join(sandbox.root, 'report.html');
  const r = repo.cli(['report', 'HEAD', '--format', 'html', '--output', htmlPath]);
  expect(r.status, r.stderr).toBe(0);

  browser = await launchChromium();
  page = await browser.context.newPage();
  page.on('console', (m) => {
    if (m.type() === 'error' || m.type() === 'warning') consoleErrors.push(`${m.type()}: ${m.text()}`);
  });
  page.on('pageerror', (e) => consoleErrors.push(`pageerror: ${e.message}`));
  page.on('request', (req) => requests.push(req.url()));
  await page.setViewportSize({ width: 1200, height: 900 });
  await page.goto(pathToFileURL(htmlPath).href, { waitUntil: 'load' });
}, 120_000);

afterAll(async () => {
  await browser?.close();
  sandbox.cleanup();
});

const totalLines = () => rootLines + COMMITS.reduce((n, c) => n + ('lines' in c ? c.lines : 0), 0);

describe('the HTML dashboard in headless Chromium', () => {
  it('is one self-contained file: no script, no external reference, no request but itself', () => {
    const html = readFileSync(htmlPath, 'utf8');
    expect(html).not.toMatch(/<script|<link|https?:\/\/(?!www\.w3\.org\/2000\/svg)/i);
    expect(html).toContain("default-src 'none'");
    expect(requests).toEqual([pathToFileURL(htmlPath).href]);
  });

  it('shows the headline numbers', async () => {
    const value = (id: string) => page.locator(`[data-testid="${id}"]`).getAttribute('data-value');
    expect(Number(await value('kpi-ai-share'))).toBeCloseTo(USED / IN_SCOPE, 10);
    expect(Number(await value('kpi-ai-lines'))).toBeCloseTo(AI_LINES / totalLines(), 10);
    // The unattested commit is unknown, not a verification failure.
    expect(Number(await value('kpi-failures'))).toBe(0);
    expect(await page.locator('[data-testid="kpi-ai-share"] .v').innerText()).toBe(`${((100 * USED) / IN_SCOPE).toFixed(1)}%`);
  });

  it('draws the charts with the right numbers, visibly', async () => {
    const used = page.locator('#chart-states rect[data-key="used"]');
    expect(await used.getAttribute('data-value')).toBe(String(USED));
    const box = await used.boundingBox();
    expect(box!.width).toBeGreaterThan(100);
    expect(await page.locator('#chart-states rect[data-key="unattested"]').getAttribute('data-value')).toBe('1');
    // Weeks 23 to 26, the empty week 25 included.
    const columns = page.locator('#chart-timeline g.column');
    expect(await columns.evaluateAll((gs) => gs.map((g) => [g.getAttribute('data-label'), Number(g.getAttribute('data-total'))]))).toEqual([
      ['2025-W23', 2],
      ['2025-W24', 2],
      ['2025-W25', 0],
      ['2025-W26', 1],
    ]);
    const tools = await page
      .locator('#chart-tools rect')
      .evaluateAll((rs) => rs.map((r) => [r.getAttribute('data-key'), Number(r.getAttribute('data-value'))]));
    expect(tools).toEqual([
      ['claude-code', 2],
      ['copilot', 1],
    ]);
  });

  it('renders the tables with the right numbers', async () => {
    const cells = async (id: string) =>
      page
        .locator(`#${id} tbody tr`)
        .evaluateAll((trs) => trs.map((tr) => [...tr.querySelectorAll('td')].map((td) => td.textContent ?? '')));
    const commits = await cells('commits');
    const row = (label: string) => commits.find((r) => r[0] === label)!;
    expect(row('AI involved')[1]).toBe(String(USED));
    expect(row('unattested')[1]).toBe('1');
    expect(row('failed verification')[1]).toBe('0');
    expect(row('total')[3]).toBe(totalLines().toLocaleString('en-US'));
    const tools = await cells('by-tool');
    expect(tools.map((r) => [r[0], r[1], r[4]])).toEqual([
      ['claude-code', '2', String(Math.round(10 * 0.6 + (5 * 0.2) / 2))],
      ['copilot', '1', String(Math.round((5 * 0.2) / 2))],
    ]);
    expect(await page.locator('#failures .empty').innerText()).toBe('none: no attested commit in range fails verification');
    expect((await cells('unattested')).map((r) => r[1])).toEqual(['skipped']);
    expect(await page.locator('#capture-models .empty').innerText()).toBe('no captured data in range');
  });

  it('logs no console error or warning', () => {
    expect(consoleErrors).toEqual([]);
  });

  it('keeps a screenshot, and one as printed', async () => {
    const shot = artifactPath('dashboard.png');
    await page.screenshot({ path: shot, fullPage: true });
    expect(readFileSync(shot).subarray(1, 4).toString()).toBe('PNG');
    await page.emulateMedia({ media: 'print' });
    // Printed, the four headline figures still sit side by side and the charts fit the page.
    const tops = await page.locator('.kpi').evaluateAll((ks) => ks.map((k) => Math.round(k.getBoundingClientRect().top)));
    expect(new Set(tops).size).toBe(1);
    await page.screenshot({ path: artifactPath('dashboard-print.png'), fullPage: true });
    const pdf = await page.pdf({ format: 'A4', printBackground: true });
    writeFileSync(artifactPath('dashboard.pdf'), pdf);
    expect(pdf.subarray(0, 4).toString()).toBe('%PDF');
    await page.emulateMedia({ media: 'screen' });
  });
});
