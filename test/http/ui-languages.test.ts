import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { LOCALE_NAMES, LOCALES } from '../../src/kernel/i18n/locales.js';
import { allModules } from '../../src/modules/index.js';
import { createTestNara, type TestNara } from '../support/nara.js';

const browser = { accept: 'text/html,application/xhtml+xml' };

describe('UI shell in 14 languages: negotiation, switch, language page and English fallback', () => {
  let nara: TestNara;
  before(async () => {
    nara = await createTestNara({ modules: allModules });
  });
  after(() => nara.close());

  const page = async (path: string, headers: Record<string, string> = {}) => {
    const res = await nara.app.request(path, { headers: { ...browser, ...headers } });
    return { res, html: await res.text() };
  };

  it('renders the home page in Vietnamese from Accept-Language, header and content translated', async () => {
    const { res, html } = await page('/', { 'accept-language': 'vi-VN,vi;q=0.9,en;q=0.5' });
    assert.equal(res.status, 200);
    assert.match(html, /^<!DOCTYPE html><html lang="vi"/);
    assert.match(html, /<title>Dịch vụ công tại một nơi – Nara<\/title>/);
    assert.match(html, /<a href="#main-content" class="govuk-skip-link"[^>]*>Chuyển đến nội dung chính<\/a>/);
    assert.match(html, /<nav class="govuk-language-navigation[^"]*" aria-label="Ngôn ngữ">/);
    assert.match(html, />Đăng nhập<\/a>/);
    assert.match(html, /<span class="govuk-language-navigation__text" aria-current="true" lang="vi">Tiếng Việt<\/span>/);
    // Everything on the home page exists in Vietnamese: no fallback notice, <main> in the page's language.
    assert.match(html, /<main class="govuk-main-wrapper" id="main-content">/);
    assert.doesNotMatch(html, /nara-fallback-notice/);
  });

  it('renders the sign-in page in Russian from the cookie', async () => {
    const { html } = await page('/sign-in', { cookie: 'nara_lang=ru', 'accept-language': 'ko' });
    assert.match(html, /<html lang="ru"/);
    assert.match(html, /<h1 class="govuk-heading-[a-z]+">Вход<\/h1>/);
    assert.match(html, /Войти с ключом доступа/);
    assert.match(html, /aria-label="Язык"/);
    assert.match(html, /lang="ru">Русский<\/span>/);
    assert.doesNotMatch(html, /nara-fallback-notice/);
  });

  it('accepts ?lang=zh as Simplified Chinese, remembers zh-Hans and maps zh-TW to it', async () => {
    const { res, html } = await page('/?lang=zh');
    assert.match(res.headers.get('set-cookie') ?? '', /nara_lang=zh-Hans;/);
    assert.match(html, /<html lang="zh-Hans"/);
    assert.match(html, /<title>公共服务，一站办理 – Nara<\/title>/);
    assert.match((await page('/', { 'accept-language': 'zh-TW' })).html, /<html lang="zh-Hans"/);
    assert.match((await page('/', { cookie: 'nara_lang=zh-Hans' })).html, /<html lang="zh-Hans"/);
  });

  it('offers English, Korean, the current language and a link to all languages in the header', async () => {
    const { html } = await page('/accessibility?lang=th');
    const nav = html.match(/<nav class="govuk-language-navigation[\s\S]*?<\/nav>/)?.[0] ?? '';
    assert.match(nav, /href="\/accessibility\?lang=en" rel="alternate" lang="en" hreflang="en">English<\/a>/);
    assert.match(nav, /href="\/accessibility\?lang=ko" rel="alternate" lang="ko" hreflang="ko">한국어<\/a>/);
    assert.match(nav, /aria-current="true" lang="th">ภาษาไทย<\/span>/);
    assert.match(nav, /href="\/lang\?next=%2Faccessibility">ภาษาอื่น ๆ<\/a>/);
    assert.equal(nav.match(/<li\b/g)?.length, 4);
    assert.equal((await page('/?lang=en')).html.match(/<nav class="govuk-language-navigation[\s\S]*?<\/nav>/)?.[0].match(/<li\b/g)?.length, 3);
  });

  it('lists all 14 languages by their own names on /lang, linking back to the page in each', async () => {
    const { res, html } = await page('/lang?next=%2Faccessibility%3Flang%3Dko', { cookie: 'nara_lang=en' });
    assert.equal(res.status, 200);
    assert.match(html, /<html lang="en"/);
    assert.match(html, /<h1 class="govuk-heading-xl">Choose a language<\/h1>/);
    for (const locale of LOCALES) {
      if (locale === 'en') continue;
      const link = new RegExp(`<a class="govuk-link" href="/accessibility\\?lang=${locale}" lang="${locale}" hreflang="${locale}" rel="alternate">${LOCALE_NAMES[locale]}</a>`);
      assert.match(html, link, locale);
    }
    assert.match(html, /<strong lang="en" aria-current="true">English<\/strong>/);
    // Each language is also named in the page's language, from Intl.
    assert.match(html, />Tiếng Việt<\/a><span class="nara-language-list__hint"> – Vietnamese<\/span>/);
    assert.match(html, />Русский<\/a><span class="nara-language-list__hint"> – Russian<\/span>/);
    // /lang?to= still remembers a choice and returns, keeping only same-site paths.
    const chosen = await nara.app.request('/lang?to=mn&next=%2Faccessibility', { headers: browser });
    assert.equal(chosen.status, 303);
    assert.equal(chosen.headers.get('location'), '/accessibility');
    assert.match(chosen.headers.get('set-cookie') ?? '', /nara_lang=mn/);
    assert.match((await page('/lang?next=https%3A%2F%2Fevil.example%2F', { cookie: 'nara_lang=km' })).html, /href="\/\?lang=vi"/);
  });

  it('shows a module whose catalogue lacks the language in English, marked lang="en", with a notice in the page language', async () => {
    const { html } = await page('/procurement', { cookie: 'nara_lang=th' });
    assert.match(html, /<html lang="th"/);
    assert.match(html, /<main class="govuk-main-wrapper" id="main-content" lang="en">/);
    assert.match(html, /<p class="govuk-body-s nara-fallback-notice" lang="th">บางส่วนของหน้านี้ยังไม่มีในภาษาไทย จึงแสดงเป็นภาษาอังกฤษ<\/p>/);
    assert.match(html, />เข้าสู่ระบบ<\/a>/, 'the header stays in Thai');
    // In Korean, which every catalogue has, and in Vietnamese, which e-People declares, nothing falls back.
    for (const locale of ['ko', 'vi']) {
      const other = (await page('/epeople', { cookie: `nara_lang=${locale}` })).html;
      assert.match(other, /<main class="govuk-main-wrapper" id="main-content">/);
      assert.doesNotMatch(other, /nara-fallback-notice/);
    }
  });

  it('renders kernel pages beyond the shell in the new languages (transparency log in Japanese, Mongolian)', async () => {
    const ja = (await page('/transparency', { cookie: 'nara_lang=ja' })).html;
    assert.match(ja, /<html lang="ja"/);
    assert.match(ja, /<h1 class="govuk-heading-[a-z]+">透明性ログ<\/h1>/);
    assert.doesNotMatch(ja, /nara-fallback-notice/);
    const mn = (await page('/transparency', { 'accept-language': 'mn-MN' })).html;
    assert.match(mn, /<html lang="mn"/);
    assert.match(mn, /Ил тод байдлын бүртгэл/);
  });

  it('renders the error page in the negotiated language', async () => {
    const { res, html } = await page('/no-such-page', { 'accept-language': 'id-ID' });
    assert.equal(res.status, 404);
    assert.match(html, /<html lang="id"/);
    assert.match(html, /Halaman tidak ditemukan/);
  });
});
