import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, it } from 'node:test';
import { checkCatalogs, keysUsedIn } from './catalog-check.js';
import { createFormatters } from './format.js';
import { CatalogError, createI18n, loadCatalogs, readCatalogFile } from './i18n.js';

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
});
