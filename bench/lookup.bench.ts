/**
 * `npm run bench:lookup`: one-screen lookups for the demo "basic livelihood support" service:
 * four items from four providers (resident registration, family relations on a second node,
 * income and tax, welfare status), the consumer's request and every response signed, every access
 * recorded and logged on both nodes. Two nodes run in this process on in-memory databases; the
 * second node is reached through its HTTP app (no socket). Printed beside the same four registry
 * reads done directly on the database in the same run. Goal (issue 4): p50 at most 10 ms and at
 * least 500 lookups/s on the 2-core machine. It prints figures; it never fails on a number.
 */
import { Browser } from '../src/kernel/identity/identity.test-support.js';
import { allModules } from '../src/modules/index.js';
import { createSharingManifest } from '../src/modules/sharing/index.js';
import { readItem } from '../src/modules/sharing/sharing.repository.js';
import { DEMO_PERSONAS } from '../src/seed/demo-personas.js';
import { seedDemoCountry } from '../src/seed/seed-demo.js';
import { createTestNara, type TestNara } from '../test/support/nara.js';

const LOOKUPS = Number(process.env.BENCH_LOOKUPS ?? 300);
const citizen = DEMO_PERSONAS.citizenKimMinJun.personId;
const official = DEMO_PERSONAS.cityAdminChoiSuJin.personId;

/** Filled once both nodes exist; each node's settings read the other's root from here. */
const nodes: { a?: TestNara; b?: TestNara } = {};
const rootsOf = async (node: TestNara | undefined) => (node ? (await node.kernel.pki.trustedRoots()).map((c) => new Uint8Array(c.rawData)) : []);
const onA = createSharingManifest({
  providers: { MOJ: { url: 'https://node-b.example', fetch: (url, init) => Promise.resolve(nodes.b!.app.request(url, init)) } },
  peerRoots: () => rootsOf(nodes.b),
  // The test clock stands still, so every lookup falls in the same minute: no rate limits here.
  officialLookupsPerMinute: Number.MAX_SAFE_INTEGER,
  agencyLookupsPerMinute: Number.MAX_SAFE_INTEGER,
});
const onB = createSharingManifest({ peerRoots: () => rootsOf(nodes.a) });
const nodeA = (nodes.a = await createTestNara({ modules: allModules.map((m) => (m.name === 'sharing' ? onA : m)) }));
const nodeB = (nodes.b = await createTestNara({ modules: allModules.map((m) => (m.name === 'sharing' ? onB : m)) }));
console.log('Loading the demo country on two nodes…');
await seedDemoCountry(nodeA.kernel, { citizens: 50 });
await seedDemoCountry(nodeB.kernel, { citizens: 50 });

const browser = new Browser(nodeA.app);
browser.cookies.set('nara_session', (await nodeA.kernel.identity.sessions.issueSession(official)).token);
const body = { serviceCode: 'basic-livelihood', legalBasis: 'National Basic Living Security Act art. 22', externalCaseId: 'NURI-BL-2026-0001', personId: citizen };

async function lookupOnce(): Promise<number> {
  const started = performance.now();
  const res = await browser.postJson('/api/v1/sharing/lookups', body);
  const json = (await res.json()) as { result?: string; items?: unknown[] };
  if (res.status !== 200 || json.result !== 'complete' || json.items?.length !== 4) throw new Error(`lookup failed: ${res.status} ${JSON.stringify(json).slice(0, 300)}`);
  return performance.now() - started;
}

async function directOnce(): Promise<number> {
  const started = performance.now();
  await Promise.all(['resident-registration', 'family-relations', 'income-tax', 'welfare-status'].map((code) => readItem((code === 'family-relations' ? nodeB : nodeA).kernel.db, code, citizen)));
  return performance.now() - started;
}

const quantile = (sorted: number[], q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!;
async function run(name: string, once: () => Promise<number>) {
  for (let i = 0; i < 20; i++) await once(); // warm-up: signers, certificates, JIT
  const times: number[] = [];
  const started = performance.now();
  for (let i = 0; i < LOOKUPS; i++) times.push(await once());
  const seconds = (performance.now() - started) / 1000;
  times.sort((a, b) => a - b);
  return { name, perSecond: LOOKUPS / seconds, p50: quantile(times, 0.5), p99: quantile(times, 0.99) };
}

const results = [await run('one-screen lookup (4 providers, 1 remote, signed, recorded)', lookupOnce), await run('the same 4 reads directly on the databases', directOnce)];
console.log(`\n${LOOKUPS} sequential lookups each (in-memory PGlite, one process):`);
for (const r of results) console.log(`  ${r.name.padEnd(62)} ${r.perSecond.toFixed(0).padStart(6)} /s   p50 ${r.p50.toFixed(2).padStart(7)} ms   p99 ${r.p99.toFixed(2).padStart(7)} ms`);
console.log('Goal (issue 4): p50 <= 10 ms and >= 500 lookups/s for the first line.');
await nodeA.close();
await nodeB.close();
