import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { Page } from 'playwright-core';
import { expectNoAxeViolations, noScriptContext } from './support/browser.js';
import { useServerAndBrowser } from './support/journey.js';

const journey = useServerAndBrowser();

/** The page is in Vietnamese throughout: no part of it falls back to English. */
async function expectVietnamese(page: Page): Promise<void> {
  assert.equal(await page.locator('html').getAttribute('lang'), 'vi');
  assert.equal(await page.locator('main').getAttribute('lang'), null);
  assert.equal(await page.locator('.nara-fallback-notice').count(), 0);
}

describe('e-People in Vietnamese, Chinese, Japanese and Indonesian, without JavaScript', () => {
  test('a citizen chooses Vietnamese, files a grievance, gets the receipt and follows the case', async () => {
    // Kim Min-jun, a citizen of Nuri City (a demo persona).
    const page = await (await noScriptContext(journey.browser)).newPage();
    await page.goto(`${journey.url}/sign-in/demo`);
    await page.getByRole('button', { name: /김민준/ }).first().click();

    await page.goto(`${journey.url}/epeople?lang=en`);
    await page.getByRole('link', { name: 'More languages' }).click();
    assert.equal(new URL(page.url()).pathname, '/lang');
    await page.getByRole('link', { name: 'Tiếng Việt' }).click();
    assert.equal(new URL(page.url()).pathname, '/epeople');
    await expectVietnamese(page);
    assert.equal(
      await page.getByRole('heading', { level: 1 }).innerText(),
      'Gửi khiếu nại, kiến nghị hoặc phản ánh đến bất kỳ cơ quan nhà nước nào',
    );
    await expectNoAxeViolations(page);
    await page.getByRole('button', { name: 'Bắt đầu' }).click();

    assert.match(page.url(), /\/epeople\/file\/type$/);
    await expectVietnamese(page);
    assert.match(await page.locator('main').innerText(), /Câu hỏi 1 trên \d/);
    await page.getByRole('button', { name: 'Tiếp tục' }).click();
    assert.match(await page.locator('.govuk-error-summary').innerText(), /Chọn loại hồ sơ/);
    await expectNoAxeViolations(page);
    await page.getByLabel('Khiếu nại, phản ánh').check();
    assert.match(await page.locator('main').innerText(), /Trả lời trong vòng 7 ngày/);
    await expectNoAxeViolations(page);
    await page.getByRole('button', { name: 'Tiếp tục' }).click();

    assert.match(page.url(), /\/epeople\/file\/agency$/);
    await expectVietnamese(page);
    assert.equal(await page.getByRole('heading', { level: 1 }).innerText(), 'Cơ quan nào nên giải quyết?');
    await expectNoAxeViolations(page);
    await page.getByRole('button', { name: 'Tiếp tục' }).click(); // let Nara route it

    await expectVietnamese(page);
    await expectNoAxeViolations(page);
    await page.getByLabel('Tiêu đề', { exact: true }).fill('Đèn đường hỏng trên đường Haneul-ro');
    await page.getByLabel('Đã xảy ra chuyện gì, và bạn mong muốn được giải quyết thế nào?').fill('Đèn đường trước nhà số 4 đã tắt cả tuần nay.');
    await page.getByRole('button', { name: 'Tiếp tục' }).click();

    await expectVietnamese(page);
    await expectNoAxeViolations(page);
    await page.getByLabel('Việc này xảy ra ở đâu? (không bắt buộc)').fill('Nuri City, Haneul-ro 4');
    await page.getByRole('button', { name: 'Tiếp tục' }).click();

    await expectVietnamese(page);
    await expectNoAxeViolations(page);
    await page.getByLabel('Có, hãy công khai').check();
    await page.getByRole('button', { name: 'Tiếp tục' }).click();

    assert.match(page.url(), /\/epeople\/file\/check$/);
    await expectVietnamese(page);
    assert.equal(await page.getByRole('heading', { level: 1 }).innerText(), 'Kiểm tra thông tin trước khi gửi');
    const check = await page.locator('main').innerText();
    assert.match(check, /Đèn đường hỏng trên đường Haneul-ro/);
    assert.match(check, /Bạn chưa từng gửi nội dung này/);
    await expectNoAxeViolations(page);
    await page.getByRole('button', { name: 'Gửi', exact: true }).click();

    assert.match(page.url(), /\/epeople\/cases\/cas_[a-z0-9]+\/receipt$/);
    await expectVietnamese(page);
    assert.equal(await page.getByRole('heading', { level: 1 }).innerText(), 'Đã tiếp nhận hồ sơ');
    const receipt = await page.locator('main').innerText();
    assert.match(receipt, /Số hồ sơ của bạn/);
    assert.match(receipt, /EP-\d{4}-\d{6}/);
    assert.match(receipt, /Hạn trả lời/);
    // "Kiểm tra lại" (check again) works without JavaScript while the log integrates the filing.
    for (let i = 0; i < 20 && !(await page.getByRole('link', { name: /Tải biên nhận/ }).count()); i++) {
      await new Promise((r) => setTimeout(r, 250));
      await page.reload();
    }
    await expectNoAxeViolations(page);
    const number = receipt.match(/EP-\d{4}-\d{6}/)![0];

    await page.getByRole('link', { name: 'Theo dõi hồ sơ' }).click();
    assert.match(page.url(), /\/epeople\/cases\/cas_[a-z0-9]+$/);
    await expectVietnamese(page);
    assert.equal(await page.getByRole('heading', { level: 1 }).innerText(), 'Đèn đường hỏng trên đường Haneul-ro');
    const main = await page.locator('main').innerText();
    assert.ok((await page.title()).startsWith(`Hồ sơ ${number}`), 'the window title names the case in Vietnamese');
    assert.match(main, new RegExp(number));
    assert.match(main, /Khiếu nại, phản ánh/);
    assert.match(main, /Quá trình xử lý/);
    assert.match(main, /Đã nộp hồ sơ/);
    assert.match(main, /Biên nhận nộp hồ sơ của bạn/);
    await expectNoAxeViolations(page);

    // The list of the citizen's cases speaks Vietnamese too.
    await page.goto(`${journey.url}/epeople/cases`);
    await expectVietnamese(page);
    assert.equal(await page.getByRole('heading', { level: 1 }).innerText(), 'Hồ sơ của bạn');
    assert.equal(await page.getByRole('link', { name: number }).count(), 1);
    await expectNoAxeViolations(page);
    await page.context().close();
  });

  test('the start page also comes whole in Simplified Chinese, Japanese and Indonesian, axe clean', async () => {
    const page = await (await noScriptContext(journey.browser)).newPage();
    const titles = {
      'zh-Hans': '向任何公共机关提出投诉、建议或举报',
      ja: 'あらゆる行政機関への苦情・提案・通報',
      id: 'Sampaikan pengaduan, usulan, atau laporan ke instansi pemerintah mana pun',
    };
    for (const [locale, title] of Object.entries(titles)) {
      await page.goto(`${journey.url}/epeople?lang=${locale}`);
      assert.equal(await page.locator('html').getAttribute('lang'), locale);
      assert.equal(await page.locator('main').getAttribute('lang'), null);
      assert.equal(await page.locator('.nara-fallback-notice').count(), 0);
      assert.equal(await page.getByRole('heading', { level: 1 }).innerText(), title);
      await expectNoAxeViolations(page);
    }
    await page.context().close();
  });
});
