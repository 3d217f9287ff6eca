import { after, before } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { launchBrowser, noScriptContext } from './browser.js';
import { startServer, type RunningServer } from './server.js';

export interface Journey {
  /** The base URL of the Nara started for this test file. */
  readonly url: string;
  readonly browser: Browser;
  /** What the server printed so far (for a failing test's message). */
  output(): string;
  /** A fresh visitor (without JavaScript unless asked), signed in as the demo persona whose button matches `name`. */
  signedInAs(name: RegExp, options?: { javaScript?: boolean }): Promise<Page>;
}

/**
 * One Nara server (demo country) and one Chromium for the test file: started before it, stopped after it.
 * `env` (read when the server starts, so earlier before() hooks can prepare it) adds environment variables.
 */
export function useServerAndBrowser(options: { env?: () => Promise<Record<string, string>> } = {}): Journey {
  let server: RunningServer | undefined;
  let browser: Browser | undefined;
  before(async () => {
    server = await startServer((await options.env?.()) ?? {});
    browser = await launchBrowser();
  });
  after(async () => {
    await browser?.close();
    await server?.stop();
  });
  const journey: Journey = {
    get url() {
      if (!server) throw new Error('The server starts in before().');
      return server.url;
    },
    get browser() {
      if (!browser) throw new Error('The browser starts in before().');
      return browser;
    },
    output: () => server?.output() ?? '',
    async signedInAs(name, options = {}) {
      const context = options.javaScript ? await journey.browser.newContext({ locale: 'en-GB' }) : await noScriptContext(journey.browser);
      const page = await context.newPage();
      await page.goto(`${journey.url}/sign-in/demo`);
      await page.getByRole('button', { name }).first().click();
      return page;
    },
  };
  return journey;
}
