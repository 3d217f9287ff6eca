import fs from 'node:fs';
import path from 'node:path';
import { parse, TYPE, type MessageFormatElement, type PluralElement } from '@formatjs/icu-messageformat-parser';
import { declaredLocales, readCatalogFile, type CatalogSource, type Messages } from './i18n.js';
import { DEFAULT_LOCALE, isLocale, LOCALES, REQUIRED_LOCALES, type Locale } from './locales.js';

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

/** Plural elements of a message, recursively (plurals may nest in selects and tags). */
function pluralElements(elements: MessageFormatElement[], out: PluralElement[] = []): PluralElement[] {
  for (const el of elements) {
    if (el.type === TYPE.plural) out.push(el);
    if (el.type === TYPE.tag) pluralElements(el.children, out);
    if ('options' in el) for (const option of Object.values(el.options)) pluralElements(option.value, out);
  }
  return out;
}

/**
 * Plural forms that do not fit the locale: a category the language does not have (`one` in
 * Korean), or one it needs and the message lacks (`few` and `many` in Russian). `=n` cases are free.
 */
export function pluralProblems(locale: Locale, elements: MessageFormatElement[]): string[] {
  const problems: string[] = [];
  for (const plural of pluralElements(elements)) {
    const categories = new Intl.PluralRules(locale, { type: plural.pluralType ?? 'cardinal' }).resolvedOptions().pluralCategories as string[];
    const used = Object.keys(plural.options).filter((k) => !k.startsWith('='));
    const unknown = used.filter((k) => !categories.includes(k));
    const missing = categories.filter((k) => !used.includes(k));
    if (unknown.length) problems.push(`{${plural.value}} has plural form(s) ${unknown.join(', ')}, which ${locale} does not use (it has ${categories.join(', ')})`);
    if (missing.length) problems.push(`{${plural.value}} lacks the ${locale} plural form(s) ${missing.join(', ')}`);
  }
  return problems;
}

/**
 * Every catalogue problem CI should stop on: unreadable files, a locale file a catalogue does not
 * declare (or declares without the file), duplicate keys, a key of the English file missing in a
 * declared locale (or a key only a translation has), invalid ICU syntax, plural forms that do not
 * fit the language, a translation that needs an argument the English message does not, and a
 * literal key in source that no catalogue defines. English and Korean are required everywhere.
 */
export function checkCatalogs(sources: CatalogSource[], sourceDirs: string[]): CatalogCheckResult {
  const problems: string[] = [];
  const owners: Record<string, Map<string, string>> = {};
  const allKeys = new Set<string>();
  for (const source of sources) {
    const declared = declaredLocales(source);
    const present = fs.existsSync(source.dir) ? fs.readdirSync(source.dir).filter((f) => f.endsWith('.json')).map((f) => f.slice(0, -5)) : [];
    for (const name of present) {
      if (!isLocale(name)) problems.push(`${source.owner}: ${name}.json is not a supported locale (${LOCALES.join(', ')})`);
      else if (!declared.includes(name)) problems.push(`${source.owner}: has ${name}.json but does not declare ${name} in its locales`);
    }
    const perLocale = new Map<Locale, Messages>();
    for (const locale of declared) {
      const file = path.join(source.dir, `${locale}.json`);
      if (!fs.existsSync(file)) {
        problems.push(`${source.owner}: ${locale}.json is missing (${REQUIRED_LOCALES.includes(locale) ? 'every catalogue needs it' : 'the catalogue declares it'})`);
        continue;
      }
      try {
        perLocale.set(locale, readCatalogFile(file));
      } catch (error) {
        problems.push((error as Error).message);
      }
    }
    const base = perLocale.get(DEFAULT_LOCALE) ?? {};
    const baseArgs = new Map<string, Set<string>>();
    for (const [locale, messages] of [...perLocale].sort(([a], [b]) => (a === DEFAULT_LOCALE ? -1 : b === DEFAULT_LOCALE ? 1 : 0))) {
      const seen = (owners[locale] ??= new Map());
      for (const [key, message] of Object.entries(messages)) {
        allKeys.add(key);
        const previous = seen.get(key);
        if (previous) problems.push(`${locale}: "${key}" is defined twice (${previous} and ${source.owner})`);
        else seen.set(key, source.owner);
        if (locale !== DEFAULT_LOCALE && !Object.hasOwn(base, key)) {
          problems.push(`${locale}: "${key}" (${source.owner}) is not in the ${DEFAULT_LOCALE} catalogue`);
          continue;
        }
        try {
          const elements = parse(message, { requiresOtherClause: true });
          const used = messageArguments(elements);
          for (const p of pluralProblems(locale, elements)) problems.push(`${locale}: "${key}" (${source.owner}) ${p}`);
          if (locale === DEFAULT_LOCALE) baseArgs.set(key, used);
          else {
            // No base when the English message is invalid (already reported).
            const extra = [...used].filter((a) => !(baseArgs.get(key) ?? used).has(a));
            if (extra.length) problems.push(`${locale}: "${key}" uses {${extra.join('}, {')}} which the ${DEFAULT_LOCALE} message does not`);
          }
        } catch (error) {
          problems.push(`${locale}: "${key}" (${source.owner}) is not valid ICU: ${(error as Error).message}`);
        }
      }
      if (locale !== DEFAULT_LOCALE) {
        for (const key of Object.keys(base).sort()) {
          if (!Object.hasOwn(messages, key)) problems.push(`${locale}: "${key}" is missing (defined by ${source.owner} in ${DEFAULT_LOCALE})`);
        }
      }
    }
  }
  const files = sourceDirs.flatMap(sourceFilesUnder);
  const used = new Set<string>();
  for (const file of files) {
    for (const key of keysUsedIn(fs.readFileSync(file, 'utf8'))) {
      used.add(key);
      if (!allKeys.has(key)) problems.push(`${path.relative(process.cwd(), file)}: uses "${key}", which no catalogue defines`);
    }
  }
  return { problems: [...new Set(problems)], keyCount: allKeys.size, sourceFiles: files.length, usedKeys: used.size };
}
