import assert from 'node:assert/strict';
import { AxeBuilder } from '@axe-core/playwright';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';

export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

export async function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM_PATH,
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
  });
}

/**
 * A browser context with JavaScript switched off: the core path of every journey must work
 * without it. Axe runs in a second, script-enabled context over the same URL and cookies.
 */
export async function noScriptContext(browser: Browser): Promise<BrowserContext> {
  return browser.newContext({ javaScriptEnabled: false, locale: 'en-GB' });
}

const WCAG_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'];

/** Runs axe (WCAG 2.2 AA) on what `page` shows and fails with a readable list of violations. */
export async function expectNoAxeViolations(page: Page): Promise<void> {
  const browser = page.context().browser()!;
  const context = await browser.newContext({ javaScriptEnabled: true });
  try {
    await context.addCookies(await page.context().cookies());
    const probe = await context.newPage();
    await probe.goto(page.url());
    const results = await new AxeBuilder({ page: probe }).withTags(WCAG_TAGS).analyze();
    const summary = results.violations
      .map((v) => `${v.id} (${v.impact}): ${v.help}\n    ${v.nodes.map((n) => n.target.join(' ')).join('\n    ')}`)
      .join('\n');
    assert.equal(results.violations.length, 0, `axe found violations on ${page.url()}:\n${summary}`);
  } finally {
    await context.close();
  }
}
