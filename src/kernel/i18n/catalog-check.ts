import fs from 'node:fs';
import path from 'node:path';
import { parse, TYPE, type MessageFormatElement } from '@formatjs/icu-messageformat-parser';
import { readCatalogFile, type CatalogSource, type Messages } from './i18n.js';
import { DEFAULT_LOCALE, LOCALES, type Locale } from './locales.js';

export interface CatalogCheckResult {
  problems: string[];
  keyCount: number;
  sourceFiles: number;
  usedKeys: number;
}

/** Argument names a message reads ({name}, plurals, selects), recursively. */
export function messageArguments(elements: MessageFormatElement[], out = new Set<string>()): Set<string> {
  for (const el of elements) {
    if (el.type === TYPE.literal || el.type === TYPE.pound) continue;
    if ('value' in el && typeof el.value === 'string' && el.type !== TYPE.tag) out.add(el.value);
    if (el.type === TYPE.tag) messageArguments(el.children, out);
    if ('options' in el) for (const option of Object.values(el.options)) messageArguments(option.value, out);
  }
  return out;
}

/** Message keys used literally in source, as the first argument of `t` or `c.get('t')`. Dynamic keys are skipped. */
export function keysUsedIn(source: string): string[] {
  const found: string[] = [];
  const pattern = /(?<![\w$.])(?:t|c\.get\(\s*['"]t['"]\s*\))\(\s*(['"])([A-Za-z0-9_-]+(?:\.[A-Za-z0-9_-]+)+)\1/g;
  for (const m of source.matchAll(pattern)) found.push(m[2]!);
  return found;
}

function sourceFilesUnder(dir: string): string[] {
  if (!fs.existsSync(dir)) return [];
  return fs.readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((e) => e.isFile() && /\.tsx?$/.test(e.name) && !e.name.endsWith('.test.ts') && !e.name.endsWith('.test.tsx'))
    .map((e) => path.join(e.parentPath, e.name));
}

/**
 * Every catalogue problem CI should stop on: unreadable files, duplicate keys, a key present in
 * one locale but missing in another, invalid ICU syntax, a translation that needs an argument the
 * default locale's message does not, and a literal key in source that no catalogue defines.
 */
export function checkCatalogs(sources: CatalogSource[], sourceDirs: string[]): CatalogCheckResult {
  const problems: string[] = [];
  const all: Record<Locale, Map<string, { owner: string; message: string }>> = Object.fromEntries(LOCALES.map((l) => [l, new Map()])) as never;
  for (const source of sources) {
    const perLocale = new Map<Locale, Messages>();
    for (const locale of LOCALES) {
      const file = path.join(source.dir, `${locale}.json`);
      if (!fs.existsSync(file)) continue;
      try {
        perLocale.set(locale, readCatalogFile(file));
      } catch (error) {
        problems.push((error as Error).message);
      }
    }
    for (const [locale, messages] of perLocale) {
      for (const [key, message] of Object.entries(messages)) {
        const previous = all[locale].get(key);
        if (previous) problems.push(`${locale}: "${key}" is defined twice (${previous.owner} and ${source.owner})`);
        else all[locale].set(key, { owner: source.owner, message });
      }
    }
  }
  const keys = new Set(LOCALES.flatMap((l) => [...all[l].keys()]));
  const args = new Map<string, Set<string>>();
  for (const key of [...keys].sort()) {
    for (const locale of LOCALES) {
      const entry = all[locale].get(key);
      if (!entry) {
        const owner = LOCALES.map((l) => all[l].get(key)?.owner).find(Boolean);
        problems.push(`${locale}: "${key}" is missing (defined by ${owner} in another locale)`);
        continue;
      }
      try {
        const used = messageArguments(parse(entry.message, { requiresOtherClause: true }));
        if (locale === DEFAULT_LOCALE) args.set(key, used);
        else {
          // No base when the default message is missing or invalid (already reported).
          const base = args.get(key) ?? used;
          const extra = [...used].filter((a) => !base.has(a));
          if (extra.length) problems.push(`${locale}: "${key}" uses {${extra.join('}, {')}} which the ${DEFAULT_LOCALE} message does not`);
        }
      } catch (error) {
        problems.push(`${locale}: "${key}" (${entry.owner}) is not valid ICU: ${(error as Error).message}`);
      }
    }
  }
  const files = sourceDirs.flatMap(sourceFilesUnder);
  const used = new Set<string>();
  for (const file of files) {
    for (const key of keysUsedIn(fs.readFileSync(file, 'utf8'))) {
      used.add(key);
      if (!keys.has(key)) problems.push(`${path.relative(process.cwd(), file)}: uses "${key}", which no catalogue defines`);
    }
  }
  return { problems: [...new Set(problems)], keyCount: keys.size, sourceFiles: files.length, usedKeys: used.size };
}
