import { serve } from '@hono/node-server';
import { expectNoAxeViolations, launchBrowser, noScriptContext } from '../e2e/support/browser.js';

type FetchApp = { fetch: (request: Request) => Response | Promise<Response> };

/** Serves an in-process app on a free loopback port, for clients that need a real URL (a browser, Go). */
export async function serveOnLoopback(app: FetchApp): Promise<{ base: string; close(): Promise<void> }> {
  const server = await new Promise<ReturnType<typeof serve>>((resolve) => {
    const s = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' }, () => resolve(s));
  });
  const address = server.address();
  return {
    base: `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/**
 * Opens each path of the app in Chromium without JavaScript and checks it with axe (WCAG 2.2 AA);
 * with `sessionToken`, signed in (the session cookie is set first).
 */
export async function expectPagesAxeClean(app: FetchApp, paths: readonly string[], options: { sessionToken?: string } = {}): Promise<void> {
  const browser = await launchBrowser();
  const served = await serveOnLoopback(app);
  try {
    const context = await noScriptContext(browser);
    if (options.sessionToken) await context.addCookies([{ name: 'nara_session', value: options.sessionToken, url: served.base }]);
    const tab = await context.newPage();
    for (const path of paths) {
      await tab.goto(`${served.base}${path}`);
      await expectNoAxeViolations(tab);
    }
  } finally {
    await browser.close();
    await served.close();
  }
}
