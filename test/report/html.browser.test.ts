import { describe, expect, test } from 'vitest';
import { existsSync, mkdtempSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import { aiosim } from '../cli/run-cli.js';
import { comparedSchemes } from '../../src/fs-impls/schemes.js';

const CHROMIUM = '/usr/bin/chromium';
// CI installs Debian's chromium (.ci/run); on a developer machine without it the test is skipped, loudly.
const haveBrowser = existsSync(CHROMIUM);
if (!haveBrowser && process.env.CI) throw new Error(`${CHROMIUM} is missing: .ci/run must install Debian's chromium`);

describe.skipIf(!haveBrowser)('HTML report in a real browser (headless Chromium, offline)', () => {
  test('the report loads with no network, shows the swimlanes, the verdict, the critical steps and the schedule', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'aiosim-html-'));
    const html = join(dir, 'report.html');
    const r = aiosim(['explore', 'truncate-vs-aio-write', '--fs', 'bug-truncate-nowait', '--html', html, '--json']);
    expect(r.status).toBe(1);
    const schedule = (JSON.parse(r.stdout) as { schedule: string }).schedule;
    const browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        '--no-first-run',
        '--disable-quic',
      ],
    });
    try {
      const page = await browser.newPage({ viewport: { width: 1300, height: 900 } });
      const requests: string[] = [];
      page.on('request', (req) => requests.push(req.url()));
      await page.goto(`file://${html}`);
      expect(await page.locator('#swimlane .lane').count()).toBeGreaterThanOrEqual(3);
      expect(await page.locator('#swimlane .lane[data-lane^="app/"]').count()).toBe(1);
      expect(await page.locator('#swimlane .lock').count()).toBeGreaterThanOrEqual(1);
      expect(await page.locator('#swimlane polyline.isize').count()).toBeGreaterThanOrEqual(1);
      expect(await page.locator('.verdict[data-kind="freed-block-write"] h3').textContent()).toBe('freed-block-write');
      expect(await page.locator('.verdict .critical li').count()).toBeGreaterThan(1);
      expect(await page.locator('#swimlane a.critical').count()).toBe(await page.locator('.verdict .critical li').count());
      expect(await page.locator('#schedule').textContent()).toBe(schedule);
      expect(requests.every((u) => u.startsWith('file://'))).toBe(true);
      // Issue 15's acceptance: truncate's exclusive hold of i_rwsem (ino 12), begun and ended in one
      // turn, is a mark in the lock lane and in admin's lane; i_size is labelled; i_dio_count has a lane.
      const lock = page.locator('#swimlane g.lock[data-lock="i_rwsem (ino 12)"]');
      expect(await lock.locator('.hold[data-holder="admin/2"][data-mode="write"]').count()).toBe(1);
      expect(await lock.locator('text.holder', { hasText: 'admin/2 (write)' }).count()).toBe(1);
      expect(await page.locator('#swimlane g.lane[data-lane="admin/2"] .hold[data-lock="i_rwsem (ino 12)"][data-mode="write"]').count()).toBe(1);
      const mark = await lock.locator('.hold[data-holder="admin/2"][data-mode="write"]').boundingBox();
      expect(mark!.width).toBeGreaterThan(5); // visible, not a hairline
      expect(await page.locator('#swimlane text.isize-label[data-ino="12"]').allTextContents()).toEqual(['16384', '4096', '16384']);
      expect(await page.locator('#swimlane g.dio[data-dio="i_dio_count (ino 12)"] rect').count()).toBeGreaterThan(0);
      // Numbered critical steps link to the event log, and the log links back.
      const first = page.locator('#swimlane a.critical').first();
      const event = await first.getAttribute('data-event');
      await first.click();
      expect(page.url()).toMatch(new RegExp(`#ev-${event}$`));
      expect(await page.locator(`#ev-${event} a[href^="#step-"]`).count()).toBe(1);
      // The SVG scales to the window: its drawn width follows the viewport.
      const widthAt = async (w: number) => {
        await page.setViewportSize({ width: w, height: 900 });
        return (await page.locator('#swimlane').boundingBox())!.width;
      };
      const narrow = await widthAt(800);
      const wide = await widthAt(1600);
      expect(narrow).toBeLessThanOrEqual(800 - 48);
      expect(narrow).toBeGreaterThan(800 - 80);
      expect(wide).toBeGreaterThan(1600 - 80);
      await page.setViewportSize({ width: 1300, height: 900 });
      const shot = join(dir, 'report.png');
      await page.screenshot({ path: shot, fullPage: true });
      expect(statSync(shot).size).toBeGreaterThan(10_000);
    } finally {
      await browser.close();
    }
  });

  test('compare --html is a table with one row per scheme compared (claim schemes only on their own scenario)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'aiosim-html-'));
    const html = join(dir, 'compare.html');
    aiosim(['compare', 'extend-then-stat', '--budget', '300', '--html', html]);
    const browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking'] });
    try {
      const page = await browser.newPage();
      await page.goto(`file://${html}`);
      expect(await page.locator('#compare tbody tr').count()).toBe(comparedSchemes('extend-then-stat').length);
      expect(await page.locator('#compare tr[data-fs="bug-complete-before-size"] td.bad').count()).toBe(1);
      expect(await page.locator('#compare tr[data-fs="diocount"] td.good').count()).toBe(1);
    } finally {
      await browser.close();
    }
  });
});
