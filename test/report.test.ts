/**
 * The HTML report in a real browser: headless Chromium (Debian's, driven by playwright-core)
 * loads the page from a real run, and the test checks that clusters, the search box and the SVG
 * charts render, then saves a screenshot under test-output/.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { CHROMIUM, chromiumMissing } from './helpers/chromium.js';
import { CLI, ROOT } from './helpers/shared-data.js';

describe.runIf(chromiumMissing() === undefined)('HTML report in headless Chromium', () => {
  it('renders clusters, a working search box and the SVG charts', async () => {
    const out = join(ROOT, 'test-output');
    mkdirSync(out, { recursive: true });
    const report = join(out, 'report.html');
    const r = spawnSync(
      process.execPath,
      [
        CLI,
        'dedup',
        join(ROOT, 'data', 'headlines_sample.jsonl'),
        '--report',
        report,
        '--force',
        '--quiet',
        '--json',
      ],
      { encoding: 'utf8' },
    );
    expect(r.status).toBe(0);
    const summary = JSON.parse(r.stdout);
    expect(statSync(report).size).toBeGreaterThan(10_000);

    const { chromium } = await import('playwright-core');
    const browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: [
        '--headless',
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
      ],
    });
    try {
      const page = await browser.newPage({ viewport: { width: 1280, height: 1600 } });
      const requests: string[] = [];
      page.on('request', (req) => {
        if (!req.url().startsWith('file:')) requests.push(req.url());
      });
      await page.goto(pathToFileURL(report).href);
      expect(await page.locator('svg[data-chart]').count()).toBe(3);
      expect(await page.locator('svg[data-chart="s-curve"] polyline').count()).toBe(1);
      expect(await page.locator('svg[data-chart="cluster-sizes"] rect.bar').count()).toBeGreaterThan(3);
      expect(await page.locator('.cluster').count()).toBe(Math.min(50, summary.clusters));
      expect(await page.locator('#page-info').textContent()).toContain(`${summary.clusters} clusters`);
      await page.screenshot({ path: join(out, 'report.png'), fullPage: false });

      await page.fill('#search', '疫情');
      const shown = await page.locator('.cluster').allTextContents();
      expect(shown.length).toBeGreaterThan(0);
      expect(shown.every((t) => t.includes('疫情'))).toBe(true);
      await page.fill('#search', 'no-such-text-anywhere');
      expect(await page.locator('.cluster').count()).toBe(0);
      await page.fill('#search', '');
      await page.click('#next');
      expect(await page.locator('#page-info').textContent()).toContain('page 2');
      expect(requests).toEqual([]); // self-contained: nothing fetched from the network
    } finally {
      await browser.close();
    }
  });
});

describe.runIf(chromiumMissing() === undefined)('HTML report with bodies', () => {
  it("shows the start of each variant's body aligned against the kept one", async () => {
    const out = join(ROOT, 'test-output');
    mkdirSync(out, { recursive: true });
    const input = join(out, 'bodies.jsonl');
    const base =
      '记者从气象台获悉，今天下午到夜间，本市大部分地区将出现暴雨，局地大暴雨，并伴有雷电和短时大风。请市民注意防范，尽量减少外出，注意交通安全。';
    const { writeFileSync } = await import('node:fs');
    writeFileSync(
      input,
      [
        JSON.stringify({ id: 'a', title: '某地发布暴雨预警', body: base }),
        JSON.stringify({
          id: 'b',
          title: '今夜暴雨 出门注意',
          body: base.replace('注意交通安全', '注意出行安全'),
        }),
      ].join('\n') + '\n',
    );
    const report = join(out, 'report-bodies.html');
    const r = spawnSync(
      process.execPath,
      [
        CLI,
        'dedup',
        input,
        '--body-field',
        'body',
        '--match',
        'body',
        '--report',
        report,
        '--force',
        '--quiet',
      ],
      { encoding: 'utf8' },
    );
    expect(r.status).toBe(0);
    const { chromium } = await import('playwright-core');
    const browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: [
        '--headless',
        '--no-sandbox',
        '--disable-gpu',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        '--no-first-run',
      ],
    });
    try {
      const page = await browser.newPage();
      await page.goto(pathToFileURL(report).href);
      expect(await page.locator('.cluster').count()).toBe(1);
      expect(await page.locator('.member .body').textContent()).toContain('body (first 240 characters)');
      expect(await page.locator('.member .body del').first().textContent()).toBe('交通');
      expect(await page.locator('.member .rule').textContent()).toBe('rule: body');
    } finally {
      await browser.close();
    }
  });
});

/** Runs dedup with --report on a bundled sample, opens the page in Chromium and saves a screenshot. */
async function renderSample(sample: string, threshold: string, shot: string) {
  const out = join(ROOT, 'test-output');
  mkdirSync(out, { recursive: true });
  const report = join(out, `${shot}.html`);
  const r = spawnSync(
    process.execPath,
    [
      CLI,
      'dedup',
      join(ROOT, 'data', sample),
      '--threshold',
      threshold,
      // These samples are laid out for the rules at a low threshold; the rendering is what is tested.
      '--decision',
      'rules',
      '--report',
      report,
      '--force',
      '--quiet',
    ],
    { encoding: 'utf8' },
  );
  expect(r.status).toBe(0);
  const { chromium } = await import('playwright-core');
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
    ],
  });
  const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  const requests: string[] = [];
  page.on('request', (req) => {
    if (!req.url().startsWith('file:')) requests.push(req.url());
  });
  await page.goto(pathToFileURL(report).href);
  await page.locator('#clusters').scrollIntoViewIfNeeded();
  await page.screenshot({ path: join(out, `${shot}.png`), fullPage: false });
  return { browser, page, requests };
}

describe.runIf(chromiumMissing() === undefined)('HTML report on the records as written', () => {
  it('Traditional Chinese: characters as written, differences marked on them, evidence named', async () => {
    const { browser, page, requests } = await renderSample(
      'headlines_zh_hant.jsonl',
      '0.3',
      'report-zh-hant',
    );
    try {
      expect(await page.locator('.cluster').count()).toBe(2);
      // chinatimes-news-3 「短評／罷免王浩宇」 kept, chinatimes-news-14 「罷免王浩宇 明年1月16日投票」 removed for it.
      const first = page.locator('.cluster').first();
      expect(await first.locator('.canon .text').textContent()).toBe('短評／罷免王浩宇');
      expect(await first.locator('.member .text').textContent()).toBe('短評罷免王浩宇 明年1月16日投票');
      expect(await first.locator('.member del').textContent()).toBe('短評');
      expect(await first.locator('.member ins').textContent()).toBe('明年1月16日投票');
      expect(await first.locator('.member .rule').textContent()).toBe('rule: edits');
      expect(await first.locator('.member .meta').textContent()).toContain('chinatimes-news-14');
      expect(requests).toEqual([]);
    } finally {
      await browser.close();
    }
  });

  it('English: spaces and case kept, words marked whole, dates shown', async () => {
    const { browser, page, requests } = await renderSample('headlines_en.jsonl', '0.4', 'report-en');
    try {
      const clusters = page.locator('.cluster');
      expect(await clusters.count()).toBe(2);
      const texts = await clusters.allTextContents();
      expect(texts.join('\n')).toContain('four injured in head on highway crash');
      const member = clusters.first().locator('.member');
      expect(await member.locator('.text').textContent()).toBe('fourgirl injured in head on highway crash');
      expect(await member.locator('del').textContent()).toBe('four');
      expect(await member.locator('ins').textContent()).toBe('girl');
      expect(await member.locator('time').textContent()).toBe('2003-02-19');
      expect(await clusters.first().locator('.canon time').textContent()).toBe('2003-02-19');
      expect(requests).toEqual([]);
    } finally {
      await browser.close();
    }
  });
});
