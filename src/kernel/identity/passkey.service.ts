import {
  generateAuthenticationOptions,
  generateRegistrationOptions,
  verifyAuthenticationResponse,
  verifyRegistrationResponse,
  type AuthenticationResponseJSON,
  type AuthenticatorTransport,
  type RegistrationResponseJSON,
} from '@simplewebauthn/server';
import type { Clock } from '../clock.js';
import type { NaraConfig } from '../config/config.js';
import type { Db } from '../db/database.js';
import type { SessionContext } from '../http/context.js';
import { DomainError, notFound } from '../http/errors.js';
import type { Logger } from '../http/logger.js';
import { newId } from './identity.crypto.js';
import type { IdentityService } from './identity.service.js';
import type { ChallengePurpose } from './identity.tables.js';
import { createPasskeyRepository } from './passkey.repository.js';
import type { IssuedSession, SessionService } from './session.service.js';

/** How long a ceremony's challenge stays valid. */
export const CHALLENGE_SECONDS = 5 * 60;
/** Adding or removing a passkey needs a passkey (or demo) sign-in this recent. */
export const KEY_CHANGE_FRESHNESS_SECONDS = 15 * 60;

/** The passkey response could not be verified (wrong origin, bad signature, replayed counter...). */
export const passkeyRejected = (why = 'The passkey response could not be verified.') =>
  new DomainError('passkey_rejected', 400, why);
/** The challenge was unknown, used already or expired: start the ceremony again. */
export const challengeExpired = () =>
  new DomainError('passkey_challenge_expired', 400, 'This passkey request has expired or was already used. Try again.');
/** No registered passkey matches the one presented. */
export const passkeyNotRecognised = () =>
  new DomainError('passkey_not_recognised', 401, 'This passkey is not registered with this service.');

function challengeOf(response: { response?: { clientDataJSON?: unknown } }): string {
  try {
    const raw = response.response?.clientDataJSON;
    const data = JSON.parse(Buffer.from(String(raw), 'base64url').toString('utf8')) as { challenge?: unknown };
    if (typeof data.challenge === 'string' && data.challenge.length > 0) return data.challenge;
  } catch {
    // fall through
  }
  throw passkeyRejected('The passkey response is malformed.');
}

export function createPasskeyService(deps: {
  db: Db;
  clock: Clock;
  config: NaraConfig;
  logger: Logger;
  directory: IdentityService;
  sessions: SessionService;
}) {
  const repo = createPasskeyRepository(deps.db);
  const origin = new URL(deps.config.publicUrl).origin;
  const rpID = new URL(deps.config.publicUrl).hostname;

  const storeChallenge = async (challenge: string, purpose: ChallengePurpose, session?: SessionContext) => {
    const now = deps.clock.now();
    await repo.deleteExpiredChallenges(now);
    await repo.insertChallenge({
      id: newId('chl'),
      challenge,
      purpose,
      person_id: session?.personId ?? null,
      session_id: session?.sessionId ?? null,
      created_at: now,
      expires_at: new Date(now.getTime() + CHALLENGE_SECONDS * 1000),
    });
  };

  const takeChallenge = async (response: { response?: { clientDataJSON?: unknown } }, purpose: ChallengePurpose, session?: SessionContext) => {
    const challenge = challengeOf(response);
    const row = await repo.consumeChallenge(challenge, purpose, deps.clock.now());
    if (!row || (session && row.session_id !== session.sessionId)) throw challengeExpired();
    return challenge;
  };

  /** Verifies an assertion against a stored credential and advances its counter. */
  const verifyAssertion = async (response: AuthenticationResponseJSON, expectedChallenge: string, personId?: string) => {
    const credential = await repo.findCredential(String(response.id));
    if (!credential || (personId && credential.person_id !== personId)) throw passkeyNotRecognised();
    let result;
    try {
      result = await verifyAuthenticationResponse({
        response,
        expectedChallenge,
        expectedOrigin: origin,
        expectedRPID: rpID,
        credential: {
          id: credential.id,
          publicKey: new Uint8Array(Buffer.from(credential.public_key, 'base64url')),
          counter: Number(credential.counter),
          transports: credential.transports as AuthenticatorTransport[],
        },
        requireUserVerification: false,
      });
    } catch (error) {
      deps.logger.info('passkey assertion rejected', { reason: (error as Error).message });
      throw passkeyRejected();
    }
    if (!result.verified) throw passkeyRejected();
    await repo.recordUse(credential.id, result.authenticationInfo.newCounter, deps.clock.now());
    return credential.person_id;
  };

  const service = {
    async registrationOptions(session: SessionContext) {
      deps.sessions.requireFreshAuthentication(session, KEY_CHANGE_FRESHNESS_SECONDS);
      const existing = await repo.listCredentials(session.personId);
      const options = await generateRegistrationOptions({
        rpName: 'Nara',
        rpID,
        userName: session.personId,
        userID: new Uint8Array(Buffer.from(session.personId, 'utf8')),
        userDisplayName: session.displayName,
        attestationType: 'none',
        excludeCredentials: existing.map((c) => ({ id: c.id, transports: c.transports })),
        authenticatorSelection: { residentKey: 'required', userVerification: 'preferred' },
        timeout: CHALLENGE_SECONDS * 1000,
      });
      await storeChallenge(options.challenge, 'registration', session);
      return options;
    },

    async verifyRegistration(session: SessionContext, response: RegistrationResponseJSON, nickname?: string): Promise<{ credentialId: string }> {
      deps.sessions.requireFreshAuthentication(session, KEY_CHANGE_FRESHNESS_SECONDS);
      const expectedChallenge = await takeChallenge(response, 'registration', session);
      let result;
      try {
        result = await verifyRegistrationResponse({ response, expectedChallenge, expectedOrigin: origin, expectedRPID: rpID, requireUserVerification: false });
      } catch (error) {
        deps.logger.info('passkey registration rejected', { reason: (error as Error).message });
        throw passkeyRejected();
      }
      if (!result.verified || !result.registrationInfo) throw passkeyRejected();
      const info = result.registrationInfo;
      if (await repo.findCredential(info.credential.id)) throw passkeyRejected('This passkey is already registered.');
      await repo.insertCredential({
        id: info.credential.id,
        person_id: session.personId,
        public_key: Buffer.from(info.credential.publicKey).toString('base64url'),
        counter: info.credential.counter,
        transports: info.credential.transports ?? [],
        device_type: info.credentialDeviceType,
        backed_up: info.credentialBackedUp,
        nickname: (nickname?.trim() || 'Passkey').slice(0, 60),
        created_at: deps.clock.now(),
      });
      return { credentialId: info.credential.id };
    },

    /** Discoverable sign-in: no user name asked, the authenticator offers its passkeys for this site. */
    async authenticationOptions() {
      const options = await generateAuthenticationOptions({ rpID, userVerification: 'preferred', timeout: CHALLENGE_SECONDS * 1000 });
      await storeChallenge(options.challenge, 'authentication');
      return options;
    },

    async verifyAuthentication(
      response: AuthenticationResponseJSON,
      meta: { userAgent?: string | null; ip?: string | null },
    ): Promise<{ personId: string; issued: IssuedSession }> {
      const expectedChallenge = await takeChallenge(response, 'authentication');
      const personId = await verifyAssertion(response, expectedChallenge);
      return { personId, issued: await deps.sessions.issueSession(personId, meta) };
    },

    async reauthenticationOptions(session: SessionContext) {
      const credentials = await repo.listCredentials(session.personId);
      const options = await generateAuthenticationOptions({
        rpID,
        userVerification: 'preferred',
        allowCredentials: credentials.map((c) => ({ id: c.id, transports: c.transports as AuthenticatorTransport[] })),
        timeout: CHALLENGE_SECONDS * 1000,
      });
      await storeChallenge(options.challenge, 'reauthentication', session);
      return options;
    },

    async verifyReauthentication(session: SessionContext, response: AuthenticationResponseJSON): Promise<void> {
      const expectedChallenge = await takeChallenge(response, 'reauthentication', session);
      await verifyAssertion(response, expectedChallenge, session.personId);
      await deps.sessions.markAuthenticated(session.sessionId);
    },

    async listPasskeys(personId: string) {
      const rows = await repo.listCredentials(personId);
      return rows.map((r) => ({ id: r.id, nickname: r.nickname, createdAt: r.created_at, lastUsedAt: r.last_used_at }));
    },

    async removePasskey(session: SessionContext, credentialId: string): Promise<void> {
      deps.sessions.requireFreshAuthentication(session, KEY_CHANGE_FRESHNESS_SECONDS);
      if (!(await repo.deleteCredential(credentialId, session.personId))) throw notFound('The passkey');
    },
  };
  return service;
}

export type PasskeyService = ReturnType<typeof createPasskeyService>;
