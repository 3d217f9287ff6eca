/**
 * `npm run bench:pages`: page weight of a first visit. Starts Nara the way a person does (`nara
 * start`, embedded database, demo country), opens each page in Chromium with an empty cache and
 * adds up what went over the wire for it (response headers and compressed bodies of the page and
 * every file it loads). Printed beside the same responses uncompressed, measured in the same run.
 * Goal (Gov24 issue): at most 60 kB per first load. It prints figures; it never fails on a number.
 */
import os from 'node:os';
import { launchBrowser } from '../test/e2e/support/browser.js';
import { startServer } from '../test/e2e/support/server.js';

const GOAL_BYTES = 60 * 1024;
const PAGES: Array<[string, string]> = [
  ['Home', '/'],
  ['Gov24 portal', '/gov24'],
  ['Gov24 service (passport issuance)', '/gov24/services/passport-issuance'],
  ['Gov24 search', '/gov24/services?q=pasport'],
  ['e-People home', '/epeople'],
  ['Home, Korean', '/?lang=ko'],
];

const kB = (n: number) => `${(n / 1024).toFixed(1)} kB`;

interface Weight {
  requests: number;
  wire: number;
  uncompressed: number;
  files: string[];
}

async function main(): Promise<void> {
  const server = await startServer();
  const browser = await launchBrowser();
  try {
    console.log(`bench:pages — Nara at ${server.url}, Chromium first load (empty cache, JavaScript on); load average ${os.loadavg().map((l) => l.toFixed(2)).join(' ')}`);
    console.log(`goal: at most ${kB(GOAL_BYTES)} over the wire per first load\n`);
    const rows: Array<[string, Weight]> = [];
    for (const [label, path] of PAGES) {
      const context = await browser.newContext({ locale: 'en-GB' });
      const page = await context.newPage();
      const weight: Weight = { requests: 0, wire: 0, uncompressed: 0, files: [] };
      const pending: Array<Promise<void>> = [];
      page.on('requestfinished', (request) => {
        pending.push(
          (async () => {
            const response = await request.response();
            if (!response) return;
            const sizes = await request.sizes();
            const body = [204, 304].includes(response.status()) || response.status() >= 300 && response.status() < 400 ? Buffer.alloc(0) : await response.body();
            weight.requests += 1;
            weight.wire += sizes.responseHeadersSize + sizes.responseBodySize;
            weight.uncompressed += sizes.responseHeadersSize + body.length;
            weight.files.push(`${new URL(request.url()).pathname} ${response.headers()['content-encoding'] ?? 'identity'} ${kB(sizes.responseBodySize)}`);
          })(),
        );
      });
      await page.goto(`${server.url}${path}`, { waitUntil: 'networkidle' });
      await Promise.all(pending);
      rows.push([label, weight]);
      await context.close();
    }
    const width = Math.max(...rows.map(([l]) => l.length));
    console.log(`${'page'.padEnd(width)}  requests  over the wire  uncompressed  goal`);
    for (const [label, w] of rows) {
      console.log(`${label.padEnd(width)}  ${String(w.requests).padStart(8)}  ${kB(w.wire).padStart(13)}  ${kB(w.uncompressed).padStart(12)}  ${w.wire <= GOAL_BYTES ? 'met' : 'NOT met'}`);
    }
    console.log('\nfiles of the first page:');
    for (const f of rows[0]![1].files) console.log(`  ${f}`);
  } finally {
    await browser.close();
    await server.stop();
  }
}

await main();
