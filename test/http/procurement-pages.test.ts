import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { commitReservePrices, floorPrice, plannedPriceFrom } from '../../src/modules/procurement/domain/reserve-price.js';
import type { TenderResult } from '../../src/modules/procurement/procurement.service.js';
import { expectPagesAxeClean } from '../support/serve.js';
import { createTestNara, type TestNara } from '../support/nara.js';
import { HOUR, setUpProcurement, type ProcurementWorld } from './procurement-support.js';

let nara: TestNara;
let p: ProcurementWorld;
let opened: { id: string; reserveCommitment: string };
let openTender: { id: string };
let cancelled: { id: string };
let result: TenderResult;
const won = (n: number) => `₩${n.toLocaleString('en-US')}`;
const page = async (path: string) => {
  const res = await nara.app.request(path);
  return { status: res.status, html: await res.text() };
};
const loggedTypes = async () => {
  await nara.kernel.transparencyLog.sequenceOnce();
  const { entries } = await nara.kernel.transparencyLog.listEntries(1, 500);
  return entries.map((e) => JSON.parse(Buffer.from(e.entry).toString('utf8')) as { type: string; refs: Record<string, string> });
};

before(async () => {
  nara = await createTestNara();
  p = await setUpProcurement(nara);
  const t = await p.publish();
  opened = t;
  openTender = await p.publish({ title: 'School laptops', kind: 'goods', awardMethod: 'lowest_above_floor', bidDeadline: new Date(nara.clock.now().getTime() + 48 * HOUR), openingAt: new Date(nara.clock.now().getTime() + 48 * HOUR) });
  cancelled = await p.publish({ title: 'Bridge painting', bidDeadline: new Date(nara.clock.now().getTime() + 48 * HOUR), openingAt: new Date(nara.clock.now().getTime() + 48 * HOUR) });
  const bids: [number, number, number[]][] = [[0, 905_000_000, [3, 4]], [1, 950_000_000, [3, 5]], [2, 100_000_000, [1, 2]]];
  for (const [vendor, price, picks] of bids) {
    await p.procurement.submitBid(p.session(p.vendors[vendor]!.person), t.id, { vendorId: p.vendors[vendor]!.business, sealed: await p.bid(t, vendor, price, picks) });
  }
  await p.procurement.submitBid(p.session(p.vendors[0]!.person), openTender.id, { vendorId: p.vendors[0]!.business, sealed: await p.bid({ ...openTender, openingPublicJwk: t.openingPublicJwk }, 0, 1, [1, 2]) });
  nara.clock.advance(2 * HOUR);
  result = await p.open(t.id);
});
after(() => nara.close());

describe('e-Procurement public pages', () => {
  test('the home page links to e-Procurement instead of showing it as coming', async () => {
    const { html } = await page('/?lang=en');
    assert.match(html, /<a class="govuk-link" href="\/procurement">e-Procurement<\/a>/);
  });

  test('the tender list shows every agency’s tenders with their status, in English and Korean', async () => {
    const en = await page('/procurement?lang=en');
    assert.equal(en.status, 200);
    for (const title of ['Resurfacing of provincial road 12', 'School laptops', 'Bridge painting']) assert.ok(en.html.includes(title), title);
    assert.ok(en.html.includes('Province A'));
    assert.ok(en.html.includes('Opened') && en.html.includes('Open for bids'));
    const ko = await page('/procurement?lang=ko');
    assert.match(ko.html, /<h1 class="govuk-heading-l">공공 입찰 공고<\/h1>/);
    assert.ok(ko.html.includes('가도'));
    assert.equal((await page('/procurement?page=999')).status, 200);
  });

  test('a tender page shows items with UNSPSC codes, the timeline, the award method and the reserve-price commitment', async () => {
    const { html } = await page(`/procurement/tenders/${opened.id}?lang=en`);
    assert.ok(html.includes('<code>72141103</code>') && html.includes('Asphalt paving') && html.includes('24,000 m2'));
    assert.ok(html.includes('Multiple reserve prices') && html.includes('Fifteen reserve prices were drawn within ±2%'));
    assert.ok(html.includes(opened.reserveCommitment));
    assert.ok(html.includes('Bid deadline') && html.includes('Questions close'));
    assert.ok(!html.includes('/bid"'), 'an opened tender offers no bid link');
    assert.ok(html.includes(`/procurement/tenders/${opened.id}/result`));
    assert.equal((await page('/procurement/tenders/tnd_doesnotexist0?lang=en')).status, 404);
    assert.equal((await page('/procurement/tenders/..%2Fetc')).status, 404);
  });

  test('the result page lists every bidder, price, rank and rejection, and the draw lets anyone recompute the planned price', async () => {
    const before = await page(`/procurement/tenders/${openTender.id}/result?lang=en`);
    assert.ok(before.html.includes('has not been opened yet'));
    assert.ok(!before.html.includes(won(1)));

    const { html } = await page(`/procurement/tenders/${opened.id}/result?lang=en`);
    for (const [name, price] of [['Acme Ltd', 905_000_000], ['Builder 2', 950_000_000], ['Builder 3', 100_000_000]] as const) {
      assert.ok(html.includes(name), name);
      assert.ok(html.includes(won(price)), String(price));
    }
    assert.ok(html.includes('Below the floor price'));
    assert.ok(html.includes(`Winning bid: Acme Ltd, ${won(905_000_000)}`));

    // Recompute from what the page shows: the 15 prices, the salt, the picks.
    const tender = await p.procurement.getTender(opened.id);
    const revealed = tender.revealed_reserve!;
    for (const price of revealed.prices) assert.ok(html.includes(won(price)), `reserve price ${price} shown`);
    assert.ok(html.includes(revealed.salt));
    assert.equal(commitReservePrices({ tenderId: opened.id, ...revealed }), opened.reserveCommitment);
    const planned = plannedPriceFrom(revealed.prices, [[3, 4], [3, 5], [1, 2]]);
    assert.equal(planned.plannedPrice, result.award.planned?.plannedPrice);
    assert.ok(html.includes(won(planned.plannedPrice)));
    assert.ok(html.includes(won(floorPrice(planned.plannedPrice, 87_745))));
    assert.equal((html.match(/Yes, one of the 4 most picked/g) ?? []).length, 4);

    const ko = await page(`/procurement/tenders/${opened.id}/result?lang=ko`);
    assert.ok(ko.html.includes('개찰 결과') && ko.html.includes('낙찰하한가 미만'));
  });

  test('followers of an opening get server-sent events: waiting, then opened; the page names its script', async () => {
    const done = await nara.app.request(`/procurement/tenders/${opened.id}/result/events`);
    assert.match(done.headers.get('content-type') ?? '', /^text\/event-stream/);
    assert.match(await done.text(), new RegExp(`event: opened\ndata: \\{"tenderId":"${opened.id}","result":"/procurement/tenders/${opened.id}/result"\\}`));

    const live = await nara.app.request(`/procurement/tenders/${openTender.id}/result/events`);
    const reader = live.body!.getReader();
    const first = new TextDecoder().decode((await reader.read()).value);
    assert.match(first, /^event: waiting\ndata: /);
    await reader.cancel();

    const { html } = await page(`/procurement/tenders/${openTender.id}/result?lang=en`);
    assert.ok(html.includes(`data-live-result="/procurement/tenders/${openTender.id}/result/events"`));
    assert.ok(html.includes('<script type="module" src="/procurement/assets/live-result.js"></script>'));
    const script = await nara.app.request('/procurement/assets/live-result.js');
    assert.match(script.headers.get('content-type') ?? '', /^text\/javascript/);
    assert.ok((await script.text()).includes("addEventListener('opened'"));
    assert.equal((await nara.app.request('/procurement/tenders/tnd_doesnotexist0/result/events')).status, 404);
  });

  test('a vendor page shows its bids and awards, and keeps open bids sealed', async () => {
    const { html } = await page(`/procurement/vendors/${p.vendors[0]!.business}?lang=en`);
    assert.ok(html.includes('Vendor: Acme Ltd'));
    assert.ok(html.includes(`${won(905_000_000)} · Rank 1`));
    assert.ok(html.includes('Sealed until opening'));
    assert.match(html, /Awards<\/h2>\s*<ul class="govuk-list govuk-list--bullet"><li><a class="govuk-link" href="\/procurement\/tenders\/tnd_/);
    const loser = await page(`/procurement/vendors/${p.vendors[2]!.business}?lang=en`);
    assert.ok(loser.html.includes('No award yet.') && loser.html.includes('Below the floor price'));
    assert.equal((await page('/procurement/vendors/org_nobody00000')).status, 404);
  });
});

describe('e-Procurement public acts: questions, amendments, cancellation', () => {
  test('a vendor’s question and the agency’s answer are published to all without naming the vendor', async () => {
    const asked = await p.procurement.askQuestion(p.session(p.vendors[1]!.person), openTender.id, { vendorId: p.vendors[1]!.business, question: 'Is a 15-inch screen acceptable?' });
    await assert.rejects(p.procurement.askQuestion(p.session(p.world.citizen), openTender.id, { vendorId: p.vendors[1]!.business, question: 'x' }), { code: 'forbidden' });
    const pending = await page(`/procurement/tenders/${openTender.id}?lang=en`);
    assert.ok(pending.html.includes('1 question is waiting for an answer.'));
    assert.ok(pending.html.includes(`href="/procurement/tenders/${openTender.id}/bid"`));
    await assert.rejects(p.procurement.answerQuestion(p.session(p.world.officialB, { officialOf: [p.world.otherProvince] }), asked.id, 'No'), { code: 'forbidden' });
    await p.procurement.answerQuestion(p.official(p.world.officialA), asked.id, 'Yes, 14 to 16 inches.');
    await assert.rejects(p.procurement.answerQuestion(p.official(p.world.officialA), asked.id, 'Changed my mind'), { code: 'clarification_already_answered' });
    const { html } = await page(`/procurement/tenders/${openTender.id}?lang=en`);
    assert.ok(html.includes('Is a 15-inch screen acceptable?') && html.includes('Yes, 14 to 16 inches.'));
    assert.ok(!html.includes('Builder 2'));
    const api = await (await nara.app.request(`/api/v1/procurement/tenders/${openTender.id}/questions`)).json();
    assert.equal(api.items[0].answer, 'Yes, 14 to 16 inches.');
    assert.ok(!JSON.stringify(api).includes(p.vendors[1]!.business));
    const events = await loggedTypes();
    assert.ok(events.some((e) => e.type === 'procurement.clarification-asked' && e.refs.clarificationId === asked.id));
    assert.ok(events.some((e) => e.type === 'procurement.clarification-answered' && e.refs.clarificationId === asked.id && /^sha256:[0-9a-f]{64}$/.test(e.refs.answerSha256!)));
  });

  test('an amendment that changes requirements extends the deadline by the configured minimum', async () => {
    const before = await p.procurement.getTender(openTender.id);
    const minimum = p.procurement.settings.requirementChangeMinimumMs;
    await assert.rejects(p.procurement.amendTender(p.official(p.world.officialA), openTender.id, { summary: 'Earlier', changesRequirements: false, bidDeadline: new Date(before.bid_deadline.getTime() - HOUR) }), { code: 'validation_failed' });
    const typo = await p.procurement.amendTender(p.official(p.world.officialA), openTender.id, { summary: 'Typo fixed in item 2', changesRequirements: false });
    assert.equal(typo.bidDeadline.getTime(), before.bid_deadline.getTime());
    const change = await p.procurement.amendTender(p.official(p.world.officialA), openTender.id, { summary: 'Screens must be 14 to 16 inches', changesRequirements: true });
    assert.equal(change.bidDeadline.getTime(), nara.clock.now().getTime() + minimum);
    assert.equal(change.openingAt.getTime() - change.bidDeadline.getTime(), before.opening_at.getTime() - before.bid_deadline.getTime());
    const { html } = await page(`/procurement/tenders/${openTender.id}?lang=en`);
    assert.ok(html.includes('Screens must be 14 to 16 inches') && html.includes('Requirements changed: the bid deadline moved'));
    assert.equal((await loggedTypes()).filter((e) => e.type === 'procurement.tender-amended' && e.refs.tenderId === openTender.id).length, 2);
    await assert.rejects(p.procurement.amendTender(p.official(p.world.officialA), opened.id, { summary: 'Too late', changesRequirements: false }), { code: 'tender_closed' });
  });

  test('a cancelled tender shows its reason, takes no more bids, and the cancellation is logged', async () => {
    await assert.rejects(p.procurement.cancelTender(p.session(p.world.citizen), cancelled.id, 'No'), { code: 'forbidden' });
    await p.procurement.cancelTender(p.official(p.world.officialA), cancelled.id, 'The budget was withdrawn by the council.');
    const { html } = await page(`/procurement/tenders/${cancelled.id}?lang=en`);
    assert.ok(html.includes('This tender was cancelled') && html.includes('The budget was withdrawn by the council.'));
    const tender = await p.procurement.getTender(cancelled.id);
    await assert.rejects(p.procurement.submitBid(p.session(p.vendors[0]!.person), cancelled.id, { vendorId: p.vendors[0]!.business, sealed: await p.bid({ id: cancelled.id, openingPublicJwk: tender.opening_public_jwk }, 0, 5, [1, 2]) }), { code: 'tender_not_open' });
    await assert.rejects(p.procurement.cancelTender(p.official(p.world.officialA), cancelled.id, 'Again'), { code: 'tender_closed' });
    assert.ok((await loggedTypes()).some((e) => e.type === 'procurement.tender-cancelled' && e.refs.tenderId === cancelled.id));
  });

  // The markup does not depend on the database, and a browser is slow here: checked in the embedded pass.
  const axeTest = process.env.NARA_TEST_POSTGRES_URL ? undefined : test;
  axeTest?.('the public pages pass axe (WCAG 2.2 AA) without JavaScript, in English and Korean', async () => {
    await expectPagesAxeClean(nara.app, [
        '/procurement?lang=en', '/procurement?lang=ko', `/procurement/tenders/${opened.id}?lang=en`, `/procurement/tenders/${openTender.id}?lang=ko`,
        `/procurement/tenders/${cancelled.id}?lang=en`, `/procurement/tenders/${opened.id}/result?lang=en`, `/procurement/tenders/${opened.id}/result?lang=ko`,
        `/procurement/tenders/${openTender.id}/result?lang=en`, `/procurement/vendors/${p.vendors[0]!.business}?lang=ko`,
      ]);
  });
});
