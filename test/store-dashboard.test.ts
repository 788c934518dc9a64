// @module-tag git
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openStore, type Store } from '../src/store/database.js';
import { buildDashboard, MIN_REWORK_LINES } from '../src/store/dashboard/queries.js';
import { refreshRollups } from '../src/store/rollup.js';
import { parsePeriod } from '../src/store/dashboard/period.js';
import { renderDashboard } from '../src/store/dashboard/render.js';
import type { Dashboard } from '../src/store/dashboard/model.js';
import { artifactPath, launchChromium, requireChromium } from './helpers/browser.js';

/**
 * The four questions over a store with known answers, built in SQL: two repositories, 30
 * developers of whom one declares AI far more often than the rest, sensitive-path AI changes
 * concentrated in one repository, captured output of three models reworked to known degrees.
 */
const dir = mkdtempSync(join(tmpdir(), 'ai-attest-dashboard-'));
let store: Store;
let d: Dashboard;
const HOSTILE = 'Mallory <script>alert(1)</script> | \u001b[2J\u202e';

beforeAll(async () => {
  store = await openStore(join(dir, 'org.duckdb'));
  const db = store.connection;
  await db.run(
    `INSERT INTO repositories VALUES ('/r/alpha', 'alpha', 'HEAD', 't', '', 'x', 600, now()::TIMESTAMP), ('/r/beta', 'beta', 'HEAD',` +
      ` 't', '', 'x', 600, now()::TIMESTAMP)`,
  );
  // 1,200 commits in 2026-Q3 (July to September): author k of 30 writes commits i where i % 30 = k.
  // Developer 0 declares AI on 95% of their commits, everyone else on 30% (their j-th commit, j = i // 30,
  // when j % 10 < 3); every 20th commit is unattested.
  await db.run(`INSERT INTO commits
    SELECT CASE WHEN i % 2 = 0 THEN '/r/alpha' ELSE '/r/beta' END, md5(i::VARCHAR) || md5((i + 7)::VARCHAR)[1:8], 1,
      CASE WHEN i % 30 = 0 THEN '${HOSTILE.replace(/'/g, "''")}' ELSE 'Dev ' || (i % 30) END, 'dev' || (i % 30) || '@example.com',
      TIMESTAMP '2026-07-01' + INTERVAL (i * 1.5) HOUR, TIMESTAMP '2026-07-01' + INTERVAL (i * 1.5) HOUR,
      strftime(TIMESTAMP '2026-07-01' + INTERVAL (i * 1.5) HOUR, '%Y-%m'),
      CASE WHEN i % 20 = 19 THEN 'unattested'
           WHEN i % 30 = 0 THEN (CASE WHEN (i // 30) % 20 < 19 THEN 'used' ELSE 'none' END)
           WHEN (i // 30) % 10 < 3 THEN 'used' ELSE 'none' END,
      'ok', '[]', 50, NULL, NULL, NULL, 'prompt', 10, 2, 6,
      1, CASE WHEN i % 2 = 0 AND (i // 30) % 10 < 3 THEN 1 ELSE 0 END, '{}', 0, 0
    FROM range(1200) t(i)`);
  await db.run(`INSERT INTO commit_capture
    SELECT repository, "commit", m.model, m.raw, m.kept FROM (SELECT * FROM commits WHERE state = 'used' LIMIT 10) c,
      (VALUES ('model-kept', 100, 90), ('model-reworked', 50, 10), ('model-rare', 1, 0)) m(model, raw, kept)`);
  await refreshRollups(db, null);
  d = await buildDashboard(db, parsePeriod('2026-Q3'), new Date('2026-10-01T00:00:00Z'));
});

afterAll(() => {
  store?.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('dashboard over the organisation store', () => {
  it("answers what share of the period's commits involved AI, by repository and month", () => {
    const used = d.totals.used;
    expect(d.totals.commits).toBe(1200);
    expect(d.totals.unattested).toBe(60);
    expect(d.totals.aiShare).toBeCloseTo(used / 1200, 10);
    expect(d.repositories.map((r) => r.name)).toEqual(['alpha', 'beta']);
    expect(d.repositories[0]!.used + d.repositories[1]!.used).toBe(used);
    expect(d.timeline.rows.map((r) => r.period)).toEqual(['2026-07', '2026-08', '2026-09']);
    expect(d.timeline.rows.reduce((s, r) => s + r.commits, 0)).toBe(1200);
  });

  it('ranks repositories by their rate of AI changes in sensitive paths', () => {
    expect(d.sensitive.map((r) => r.name)).toEqual(['alpha', 'beta']);
    expect(d.sensitive[1]!.aiSensitiveCommits).toBe(0);
    expect(d.sensitive[0]!.rate).toBeCloseTo(d.sensitive[0]!.aiSensitiveCommits / d.sensitive[0]!.inScope, 10);
  });

  it('flags the one developer who declares AI unlike their peers, and no one else', () => {
    const declared = d.developers.find((m) => m.id === 'ai-declared')!;
    expect(declared.tested).toBe(30);
    expect(declared.flagged.map((f) => f.email)).toEqual(['dev0@example.com']);
    expect(declared.flagged[0]!.rate).toBeGreaterThan(0.9);
    // Developer 0 writes only even commits, all in alpha.
    expect(declared.flagged[0]!.repositories).toBe(1);
    const attested = d.developers.find((m) => m.id === 'attested')!;
    expect(attested.flagged).toEqual([]);
  });

  it('ranks model versions by how much of their output humans reworked, leaving out thin samples', () => {
    expect(d.rework.rows.map((r) => [r.model, r.rawLines, r.keptLines])).toEqual([
      ['model-reworked', 500, 100],
      ['model-kept', 1000, 900],
    ]);
    expect(d.rework.rows[0]!.reworkedShare).toBeCloseTo(0.8, 10);
    expect(d.rework.minRawLines).toBe(MIN_REWORK_LINES);
    expect(d.rework.capturedCommits).toBe(10);
  });

  it('escapes repository text in every format', () => {
    const text = renderDashboard(d, 'text');
    expect(text).not.toMatch(/[\u001b\u202e]/);
    expect(text).toContain('\\e[2J');
    const md = renderDashboard(d, 'markdown');
    expect(md).not.toContain('<script>');
    expect(md).toContain('Mallory \\<script\\>alert(1)\\</script\\> \\| \\\\e\\[2J');
    expect(renderDashboard(d, 'html')).not.toContain('<script>');
    expect(JSON.parse(renderDashboard(d, 'json'))).toMatchObject({ schema: 'ai-attest/dashboard@2', period: { label: '2026-Q3' } });
  });

  it('renders as a self-contained page in headless Chromium, charts with their numbers', async () => {
    requireChromium();
    const path = join(dir, 'org.html');
    writeFileSync(path, renderDashboard(d, 'html'));
    const browser = await launchChromium();
    try {
      const page = await browser.context.newPage();
      const requests: string[] = [];
      const errors: string[] = [];
      page.on('request', (r) => requests.push(r.url()));
      page.on('console', (m) => m.type() === 'error' && errors.push(m.text()));
      page.on('pageerror', (e) => errors.push(e.message));
      await page.setViewportSize({ width: 1200, height: 900 });
      await page.goto(pathToFileURL(path).href, { waitUntil: 'load' });
      expect(requests).toEqual([pathToFileURL(path).href]);
      expect(errors).toEqual([]);
      expect(Number(await page.locator('[data-testid="kpi-ai-share"]').getAttribute('data-value'))).toBeCloseTo(d.totals.aiShare!, 10);
      const months = await page
        .locator('#chart-timeline g.column')
        .evaluateAll((gs) => gs.map((g) => [g.getAttribute('data-label'), Number(g.getAttribute('data-total'))]));
      expect(months).toEqual(d.timeline.rows.map((r) => [r.period, r.commits]));
      const bar = page.locator('#chart-rework rect[data-key="model-reworked"]');
      expect((await bar.boundingBox())!.width).toBeGreaterThan(100);
      expect(await page.locator('#developers-ai-declared tbody tr').first().innerText()).toContain('dev0@example.com');
      await page.screenshot({ path: artifactPath('org-dashboard.png'), fullPage: true });
    } finally {
      await browser.close();
    }
  });
});

describe('a repository where nothing is attested', () => {
  const unknownDir = mkdtempSync(join(tmpdir(), 'ai-attest-dashboard-unknown-'));
  let unknown: Store;
  let u: Dashboard;
  beforeAll(async () => {
    unknown = await openStore(join(unknownDir, 'org.duckdb'));
    const db = unknown.connection;
    await db.run(
      `INSERT INTO repositories VALUES ('/r/gamma', 'gamma', 'HEAD', 't', '', 'x', 20, now()::TIMESTAMP), ('/r/delta', 'delta', 'HEAD',` +
        ` 't', '', 'x', 20, now()::TIMESTAMP)`,
    );
    // gamma never adopted ai-attest (every commit unattested); delta attests "no AI" on each of its commits.
    await db.run(`INSERT INTO commits
      SELECT CASE WHEN i % 2 = 0 THEN '/r/gamma' ELSE '/r/delta' END, md5(i::VARCHAR) || md5((i + 7)::VARCHAR)[1:8], 1,
        'Dev', 'dev@example.com', TIMESTAMP '2026-07-01' + INTERVAL (i) HOUR, TIMESTAMP '2026-07-01' + INTERVAL (i) HOUR,
        '2026-07', CASE WHEN i % 2 = 0 THEN 'unattested' ELSE 'none' END,
        'ok', '[]', 0, NULL, NULL, NULL, 'prompt', 10, 2, 6, 1, 0, '{}', 0, 0
      FROM range(40) t(i)`);
    await refreshRollups(db, null);
    u = await buildDashboard(db, parsePeriod('2026-Q3'), new Date('2026-10-01T00:00:00Z'));
  });
  afterAll(() => {
    unknown?.close();
    rmSync(unknownDir, { recursive: true, force: true });
  });

  it('has an unknown AI share (null in JSON, dashboard@2), where "no AI" attested is 0', () => {
    const byName = Object.fromEntries(u.repositories.map((r) => [r.name, r.aiShare]));
    expect(byName).toEqual({ gamma: null, delta: 0 });
    expect(u.totals.aiShare).toBe(0);
    expect(renderDashboard(u, 'text')).toMatch(/^ {2}gamma +20 +0 +unknown +0\.0% +100\.0% +0$/m);
    const json = JSON.parse(renderDashboard(u, 'json')) as { repositories: Array<{ name: string; aiShare: number | null }> };
    expect(json.repositories.find((r) => r.name === 'gamma')!.aiShare).toBeNull();
  });
});
