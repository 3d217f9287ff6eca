import { Browser } from '../../src/kernel/identity/identity.test-support.js';
import type { TestNara } from './nara.js';

/** A browser (cookies, CSRF) on the in-process app, signed in as `personId` with a fresh session. */
export async function browserSignedInAs(nara: TestNara, personId: string): Promise<Browser> {
  const browser = new Browser(nara.app);
  browser.cookies.set('nara_session', (await nara.kernel.identity.sessions.issueSession(personId)).token);
  return browser;
}
