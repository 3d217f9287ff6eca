import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, it } from 'node:test';
import { parse } from '@formatjs/icu-messageformat-parser';
import { checkCatalogs, keysUsedIn, pluralProblems } from './catalog-check.js';
import { createFormatters } from './format.js';
import { CatalogError, createI18n, loadCatalogs, readCatalogFile, type TranslationTally } from './i18n.js';
import { LOCALE_NAMES, LOCALES, localeFromTag, negotiateLocale } from './locales.js';

function tempDir(files: Record<string, string>): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'nara-i18n-'));
  for (const [name, content] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
    fs.writeFileSync(path.join(dir, name), content);
  }
  return dir;
}

describe('i18n', () => {
  it('translates with ICU plurals, falls back to English, then to the key', () => {
    const i18n = createI18n({
      en: { 'a.count': '{n, plural, one {# item} other {# items}}', 'a.only': 'Only English' },
      ko: { 'a.count': '항목 {n}개' },
    });
    assert.equal(i18n.translator('en')('a.count', { n: 1 }), '1 item');
    assert.equal(i18n.translator('ko')('a.count', { n: 3 }), '항목 3개');
    assert.equal(i18n.translator('ko')('a.only'), 'Only English');
    assert.equal(i18n.translator('ko')('a.missing'), 'a.missing');
  });

  it('reads catalogues with a BOM and names the file of a broken one', () => {
    const dir = tempDir({ 'ok/en.json': '\uFEFF{"x.y": "Hi"}', 'bad/en.json': '{"x.y": 3}', 'worse/en.json': '{oops' });
    assert.deepEqual(readCatalogFile(path.join(dir, 'ok/en.json')), { 'x.y': 'Hi' });
    assert.throws(() => readCatalogFile(path.join(dir, 'bad/en.json')), (e: unknown) => e instanceof CatalogError && /must be a string/.test(e.message));
    assert.throws(() => loadCatalogs([{ owner: 'w', dir: path.join(dir, 'worse') }]), /worse\/en\.json: not valid JSON/);
  });

  it('formats dates in Korea time, numbers, won and relative times per locale', () => {
    const at = new Date('2026-03-01T23:30:00Z'); // 08:30 on 2 March in Seoul
    const en = createFormatters('en');
    const ko = createFormatters('ko');
    assert.match(en.date(at), /^(2 March 2026|March 2, 2026)$/);
    assert.equal(ko.date(at), '2026년 3월 2일');
    assert.equal(en.isoDate(at), '2026-03-02');
    assert.equal(en.number(1234567), '1,234,567');
    assert.match(ko.won(1200000), /₩1,200,000/);
    assert.equal(en.relativeTime(new Date('2026-03-05T00:00:00Z'), new Date('2026-03-02T00:00:00Z')), 'in 3 days');
    assert.equal(ko.relativeTime(new Date('2026-03-01T22:00:00Z'), new Date('2026-03-02T00:00:00Z')), '2시간 전');
  });

  it('finds literal message keys in source', () => {
    assert.deepEqual(keysUsedIn(`t('a.b'); c.get('t')("c.d", { x }); t(\`e.\${f}\`); set('g.h'); t('nodot')`), ['a.b', 'c.d']);
  });

  it('reports missing keys, bad ICU, arguments only a translation uses and unknown keys in source', () => {
    const dir = tempDir({
      'm/en.json': JSON.stringify({ 'm.ok': 'Fine', 'm.only': 'Only here', 'm.bad': '{n, plural, one {x}}', 'm.arg': 'Hello' }),
      'm/ko.json': JSON.stringify({ 'm.ok': '좋음', 'm.bad': '{n, plural, other {x}}', 'm.arg': '{name} 님' }),
      'src/page.tsx': "const a = t('m.ok'); const b = t('m.nowhere');",
    });
    const { problems } = checkCatalogs([{ owner: 'm', dir: path.join(dir, 'm') }], [path.join(dir, 'src')]);
    assert.ok(problems.some((p) => p.startsWith('ko: "m.only" is missing')), problems.join('\n'));
    assert.ok(problems.some((p) => p.startsWith('en: "m.bad" (m) is not valid ICU')), problems.join('\n'));
    assert.ok(problems.some((p) => p.startsWith('ko: "m.arg" uses {name}')), problems.join('\n'));
    assert.ok(problems.some((p) => p.endsWith('uses "m.nowhere", which no catalogue defines')), problems.join('\n'));
    assert.equal(problems.length, 4, problems.join('\n'));
  });

  it('offers 14 locales, each named in itself, with Simplified Chinese tagged zh-Hans', () => {
    assert.equal(LOCALES.length, 14);
    assert.ok(LOCALES.includes('zh-Hans'));
    assert.equal(LOCALE_NAMES.vi, 'Tiếng Việt');
    assert.equal(LOCALE_NAMES.ru, 'Русский');
    assert.equal(new Set(Object.values(LOCALE_NAMES)).size, 14);
  });

  it('matches language tags leniently and negotiates Accept-Language by quality, then order', () => {
    assert.equal(localeFromTag('ru-RU'), 'ru');
    assert.equal(localeFromTag('zh'), 'zh-Hans');
    assert.equal(localeFromTag('zh-TW'), 'zh-Hans');
    assert.equal(localeFromTag('ZH-hans-cn'), 'zh-Hans');
    assert.equal(localeFromTag('uz-Latn-UZ'), 'uz');
    assert.equal(localeFromTag('my_MM'), 'my');
    assert.equal(localeFromTag('fr'), undefined);
    assert.equal(negotiateLocale('fr-FR, vi;q=0.8, ru;q=0.5'), 'vi');
    assert.equal(negotiateLocale('km;q=0.4, th;q=0.9'), 'th');
    assert.equal(negotiateLocale('si, bn'), 'si');
    assert.equal(negotiateLocale('mn;q=0, de'), 'en');
    assert.equal(negotiateLocale(undefined), 'en');
  });

  it('falls back to English per message and counts what fell back', () => {
    const i18n = createI18n({ en: { 'm.a': 'Apply', 'm.b': 'Back' }, vi: { 'm.a': 'Nộp hồ sơ' } });
    const tally: TranslationTally = { translated: 0, fallback: 0 };
    const t = i18n.translator('vi', tally);
    assert.equal(t('m.a'), 'Nộp hồ sơ');
    assert.equal(t('m.b'), 'Back');
    assert.equal(t('m.b'), 'Back');
    assert.deepEqual(tally, { translated: 1, fallback: 2 });
  });

  it('uses each language’s plural rules (Russian one/few/many)', () => {
    const ru = createI18n({ en: {}, ru: { 'm.n': '{n, plural, one {# дело} few {# дела} many {# дел} other {# дела}}' } }).translator('ru');
    assert.deepEqual([1, 3, 5, 21, 1.5].map((n) => ru('m.n', { n })), ['1 дело', '3 дела', '5 дел', '21 дело', '1,5 дела']);
  });

  it('loads only the locales a catalogue declares, and fails on a declared file that is missing', () => {
    const dir = tempDir({ 'm/en.json': '{"m.a": "A"}', 'm/ko.json': '{"m.a": "가"}', 'm/vi.json': '{"m.a": "Á"}' });
    assert.equal(loadCatalogs([{ owner: 'm', dir: path.join(dir, 'm') }]).vi?.['m.a'], undefined);
    assert.equal(loadCatalogs([{ owner: 'm', dir: path.join(dir, 'm'), locales: ['vi'] }]).vi?.['m.a'], 'Á');
    assert.throws(() => loadCatalogs([{ owner: 'm', dir: path.join(dir, 'm'), locales: ['ru'] }]), /ru\.json: missing/);
  });

  it('checks each declared locale against the English keys, and flags undeclared or missing files', () => {
    const dir = tempDir({
      'a/en.json': JSON.stringify({ 'a.x': 'X {n}', 'a.y': 'Y' }),
      'a/ko.json': JSON.stringify({ 'a.x': '엑스 {n}', 'a.y': '와이' }),
      'a/vi.json': JSON.stringify({ 'a.x': 'Ích {n}', 'a.z': 'Thừa' }),
      'a/ru.json': JSON.stringify({ 'a.x': 'Икс {n}', 'a.y': 'Игрек' }),
      'b/en.json': JSON.stringify({ 'b.x': 'X' }),
      'b/xx.json': JSON.stringify({ 'b.x': 'X' }),
    });
    const { problems } = checkCatalogs(
      [{ owner: 'a', dir: path.join(dir, 'a'), locales: ['vi', 'ja'] }, { owner: 'b', dir: path.join(dir, 'b') }],
      [],
    );
    const expected = [
      'a: has ru.json but does not declare ru in its locales',
      'a: ja.json is missing (the catalogue declares it)',
      'vi: "a.z" (a) is not in the en catalogue',
      'vi: "a.y" is missing (defined by a in en)',
      'b: xx.json is not a supported locale',
      'b: ko.json is missing (every catalogue needs it)',
    ];
    for (const e of expected) assert.ok(problems.some((p) => p.startsWith(e)), `${e}\n---\n${problems.join('\n')}`);
    assert.equal(problems.length, expected.length, problems.join('\n'));
  });

  it('flags plural forms a language lacks or does not have', () => {
    const problems = (locale: Parameters<typeof pluralProblems>[0], message: string) => pluralProblems(locale, parse(message, { requiresOtherClause: true }));
    assert.deepEqual(problems('ru', '{n, plural, one {# файл} few {# файла} many {# файлов} other {# файла}}'), []);
    assert.match(problems('ru', '{n, plural, one {# файл} other {# файлов}}').join(), /lacks the ru plural form\(s\) few, many/);
    assert.match(problems('ko', '{n, plural, one {#개} other {#개}}').join(), /plural form\(s\) one, which ko does not use/);
    assert.deepEqual(problems('ja', '{n, plural, =0 {なし} other {# 件}}'), []);
    assert.deepEqual(problems('en', 'Filed {when, select, once {{n, plural, one {# time} other {# times}}} other {never}}'), []);
  });

  it('writes ISO dates in ASCII Gregorian whatever the locale', () => {
    const at = new Date('2026-03-01T23:30:00Z');
    for (const locale of ['bn', 'my', 'th'] as const) assert.equal(createFormatters(locale).isoDate(at), '2026-03-02');
    assert.match(createFormatters('bn').number(12), /^১২$/);
    assert.match(createFormatters('vi').date(at), /2 tháng 3, 2026/);
  });
});

