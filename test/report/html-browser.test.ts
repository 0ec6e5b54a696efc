/**
 * `report --html` opened in a real headless browser (Debian's chromium): the
 * charts render (SVG paths with length in the DOM, the line colours in a
 * screenshot, light and dark), and no request leaves the page, even when
 * VM names carry HTML that would fetch something.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { ReportCollector } from '../../src/report/collector';
import { renderHtml } from '../../src/report/html';
import { Browser, CHROMIUM, type Page } from '../support/chromium';
import { capture } from '../support/paths';
import { decodePng, inkStats, type Pixels } from '../support/png';
import { runCli } from '../support/run-cli';
import { requireTool } from '../support/tools';
import { group, host, sample } from '../diagnosis/build';

const dir = mkdtempSync(join(tmpdir(), 'balloontop-html-'));
test.after(() => rmSync(dir, { recursive: true, force: true }));

/** A server that counts every request that reaches it: nothing from a report page may. */
async function listen(): Promise<{ server: Server; url: string; hits: string[] }> {
  const hits: string[] = [];
  const server = createServer((req, res) => {
    hits.push(req.url ?? '');
    res.end('x');
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const port = (server.address() as { port: number }).port;
  return { server, url: `http://127.0.0.1:${port}`, hits };
}

/** Pixels close to an RGB colour. */
function countColour(p: Pixels, [r, g, b]: [number, number, number]): number {
  let n = 0;
  for (let i = 0; i < p.data.length; i += 4) {
    if (Math.abs(p.data[i] - r) + Math.abs(p.data[i + 1] - g) + Math.abs(p.data[i + 2] - b) < 40) n++;
  }
  return n;
}

async function chartFacts(page: Page) {
  return page.evaluate<{ charts: number; paths: number; drawn: number; active: number }>(`(() => {
    const paths = [...document.querySelectorAll('svg.chart path.line')];
    return {
      charts: document.querySelectorAll('svg.chart').length,
      paths: paths.length,
      drawn: paths.filter((p) => p.getTotalLength() > 0 && p.getBBox().width > 0).length,
      active: document.querySelectorAll('img, script, iframe, link, object, embed, video, audio, source').length,
    };
  })()`);
}

test('report --html in headless chromium: charts render in light and dark, and no request leaves the page', async (t) => {
  if (!requireTool(t, CHROMIUM, 'apt-get install chromium; .ci/run installs it')) return;
  const { server, url, hits } = await listen();
  const browser = Browser.launch();
  try {
    // The check itself works: a page that does fetch something is caught, by the browser and by the server.
    const control = join(dir, 'control.html');
    writeFileSync(control, `<!DOCTYPE html><html><body><img src="${url}/control.png"></body></html>`);
    const cp = await browser.newPage();
    await cp.goto(pathToFileURL(control).href);
    assert.ok(cp.requests.includes(`${url}/control.png`), `the request is seen: ${cp.requests}`);
    assert.deepEqual(hits, ['/control.png']);
    hits.length = 0;

    // Reports written by the CLI, and one whose names carry HTML that would fetch from the server.
    const files: { file: string; charts: number }[] = [];
    const real = join(dir, 'capture.html');
    const r1 = await runCli(['report', 'replay', capture('esxi65-ballooning-a.csv'), '--html', real]);
    assert.equal(r1.code, 0, r1.stderr);
    files.push({ file: real, charts: 1 + 6 });
    const sim = join(dir, 'overcommit.html');
    const r2 = await runCli(['report', 'sim', '--scenario', 'overcommit', '--html', sim]);
    assert.equal(r2.code, 0, r2.stderr);
    files.push({ file: sim, charts: 1 + 5 });
    const hostile = join(dir, 'hostile.html');
    const bad = `<img src="${url}/name.png"><link rel="stylesheet" href="${url}/name.css"><script src="${url}/name.js"></script>`;
    const c = new ReportCollector();
    for (let i = 0; i < 20; i++) c.push(sample(i, host(i < 10 ? 'soft' : 'clear', { memctlCurrent: 10 * i }), [group(5, bad, { MCTLSZ: 10 * i, MCTLTGT: 10 * i, SWCUR: i })]));
    writeFileSync(hostile, renderHtml(c.finish({ kind: 'capture', label: bad, realtime: false }, [bad], null)));
    files.push({ file: hostile, charts: 2 });

    for (const { file, charts } of files) {
      const page = await browser.newPage();
      const href = pathToFileURL(file).href;
      await page.setSize(1000, 1400);
      await page.goto(href);
      const facts = await chartFacts(page);
      assert.equal(facts.charts, charts, `${file}: charts`);
      assert.ok(facts.paths >= charts && facts.drawn === facts.paths, `${file}: ${facts.drawn} of ${facts.paths} paths drawn`);
      assert.equal(facts.active, 0, `${file}: no element that could fetch anything`);

      await page.evaluate(`document.querySelector('svg.chart').scrollIntoView()`);
      const light = decodePng(await page.screenshot());
      const l = inkStats(light);
      assert.ok(l.background.every((v) => v > 200), `${file}: light background ${l.background}`);
      assert.ok(l.ink > light.width * light.height * 0.02 && l.colours > 20, `${file}: not blank (${l.ink} ink pixels, ${l.colours} colours)`);
      assert.ok(countColour(light, [0x09, 0x69, 0xda]) > 200, `${file}: the free-memory line is drawn`);

      await page.colorScheme('dark');
      const dark = decodePng(await page.screenshot());
      const d = inkStats(dark);
      assert.ok(d.background.every((v) => v < 60), `${file}: dark background ${d.background}`);
      assert.ok(d.ink > dark.width * dark.height * 0.02, `${file}: dark not blank`);
      assert.ok(countColour(dark, [0x44, 0x93, 0xf8]) > 200, `${file}: the free-memory line in its dark colour`);

      assert.deepEqual(page.requests, [href], `${file}: the only request is the file itself`);
      assert.deepEqual(page.messages, [], `${file}: no console message, no blocked request`);
    }
    assert.deepEqual(hits, [], 'nothing reached the server');
  } finally {
    await browser.close();
    server.close();
  }
});
