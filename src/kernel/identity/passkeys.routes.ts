import fs from 'node:fs';
import type { OpenAPIHono } from '@hono/zod-openapi';
import type { AuthenticationResponseJSON, RegistrationResponseJSON } from '@simplewebauthn/server';
import { z } from 'zod';
import type { AppEnv } from '../http/context.js';
import { clientAddress, rateLimit } from '../http/rate-limit.js';
import type { Kernel } from '../kernel.js';
import { setSessionCookie } from './identity.middleware.js';
import { readJsonBody, requestMeta, safeNext } from './identity.http.js';
import { requireSession } from './policy.js';

/** Sign-in attempts (passkey API and demo sign-in, counted apart) per client address per minute. */
export const AUTH_RATE_LIMIT = { limit: 30, windowMs: 60_000 };

const PASSKEYS_SCRIPT = fs.readFileSync(new URL('./assets/passkeys.js', import.meta.url), 'utf8');
export const PASSKEYS_SCRIPT_PATH = '/identity/passkeys.js';

const credentialSchema = z.looseObject({
  id: z.string().min(1).max(1024),
  rawId: z.string().min(1).max(1024),
  type: z.literal('public-key'),
  response: z.looseObject({ clientDataJSON: z.string().min(1).max(8192) }),
  clientExtensionResults: z.looseObject({}).default({}),
});
const verifyBody = z.object({ response: credentialSchema, next: z.string().max(500).optional(), nickname: z.string().max(60).optional() });

export function authRateLimiter(scope: string) {
  return rateLimit({ ...AUTH_RATE_LIMIT, key: (c) => `${scope}:${clientAddress(c)}` });
}

/** WebAuthn ceremonies: each has an options step (stores a challenge) and a verify step (consumes it). */
export function registerPasskeyRoutes(app: OpenAPIHono<AppEnv>, kernel: Kernel): void {
  const { passkeys } = kernel.identity;
  app.get(PASSKEYS_SCRIPT_PATH, (c) =>
    c.body(PASSKEYS_SCRIPT, 200, { 'content-type': 'text/javascript; charset=utf-8', 'cache-control': 'public, max-age=300' }),
  );
  app.use('/api/v1/auth/*', authRateLimiter('passkeys'));

  app.post('/api/v1/auth/passkeys/authentication/options', async (c) => c.json(await passkeys.authenticationOptions()));
  app.post('/api/v1/auth/passkeys/authentication/verify', async (c) => {
    const body = await readJsonBody(c, verifyBody);
    const { issued } = await passkeys.verifyAuthentication(body.response as unknown as AuthenticationResponseJSON, requestMeta(c));
    setSessionCookie(c, kernel, issued);
    return c.json({ status: 'signed_in', next: safeNext(body.next) });
  });

  app.post('/api/v1/auth/passkeys/registration/options', async (c) => c.json(await passkeys.registrationOptions(requireSession(c))));
  app.post('/api/v1/auth/passkeys/registration/verify', async (c) => {
    const session = requireSession(c);
    const body = await readJsonBody(c, verifyBody);
    const { credentialId } = await passkeys.verifyRegistration(session, body.response as unknown as RegistrationResponseJSON, body.nickname);
    return c.json({ status: 'registered', credentialId, next: safeNext(body.next, '/account?added=passkey') }, 201);
  });

  app.post('/api/v1/auth/passkeys/reauthentication/options', async (c) => c.json(await passkeys.reauthenticationOptions(requireSession(c))));
  app.post('/api/v1/auth/passkeys/reauthentication/verify', async (c) => {
    const session = requireSession(c);
    const body = await readJsonBody(c, verifyBody);
    await passkeys.verifyReauthentication(session, body.response as unknown as AuthenticationResponseJSON);
    return c.json({ status: 'reauthenticated', next: safeNext(body.next) });
  });
}
