import { decodeJwt, decodeProtectedHeader, importJWK, jwtVerify, type JWK } from 'jose';
import type { Clock } from '../clock.js';
import type { NaraConfig } from '../config/config.js';
import type { Db } from '../db/database.js';
import type { ApiClientContext } from '../http/context.js';
import { DomainError, invalidInput } from '../http/errors.js';
import type { Logger } from '../http/logger.js';
import { newId } from './identity.crypto.js';
import { createApiClientRepository } from './api-client.repository.js';

/** Longest lifetime (exp minus now, and exp minus iat) an assertion may claim. */
export const MAX_ASSERTION_SECONDS = 5 * 60;
const ALGORITHMS = ['ES256', 'EdDSA'];

/** The bearer client assertion was missing a claim, expired, replayed, for another audience or badly signed. */
export const invalidClientAssertion = (why: string) =>
  new DomainError('invalid_client_assertion', 401, `The client assertion was not accepted: ${why}`, {
    headers: { 'WWW-Authenticate': 'Bearer error="invalid_token"' },
  });

export function createApiClientService(deps: { db: Db; clock: Clock; config: NaraConfig; logger: Logger }) {
  const repo = createApiClientRepository(deps.db);
  const audience = `${deps.config.publicUrl}/api/v1`;

  return {
    audience,

    /** Registers an agency system by its public key (EC P-256 or Ed25519 JWK, no private part). */
    async registerApiClient(input: { id?: string; organisationId: string; name: string; publicJwk: JWK; scopes: string[] }): Promise<string> {
      const { kty, crv, x, y } = input.publicJwk;
      const isEc = kty === 'EC' && crv === 'P-256' && x && y;
      const isOkp = kty === 'OKP' && crv === 'Ed25519' && x;
      if ((!isEc && !isOkp) || input.publicJwk.d) {
        throw invalidInput([{ field: 'publicJwk', message: 'Give a public EC P-256 or Ed25519 key as a JWK, without its private part.' }]);
      }
      const id = input.id ?? newId('cli');
      const jwk = isEc ? { kty, crv, x, y } : { kty, crv, x };
      await repo.insert({ id, organisation_id: input.organisationId, name: input.name, public_jwk: jwk, scopes: input.scopes });
      return id;
    },

    deactivateApiClient: (id: string) => repo.setActive(id, false),

    /** Checks `Authorization: Bearer <assertion>` and records its jti so it cannot be used twice. */
    async verifyClientAssertion(token: string): Promise<ApiClientContext> {
      let clientId: string;
      let alg: string;
      try {
        clientId = String(decodeJwt(token).iss ?? '');
        alg = String(decodeProtectedHeader(token).alg ?? '');
      } catch {
        throw invalidClientAssertion('it is not a JWT.');
      }
      if (!ALGORITHMS.includes(alg)) throw invalidClientAssertion('sign it with ES256 or EdDSA.');
      const client = clientId ? await repo.find(clientId) : undefined;
      if (!client || !client.active) throw invalidClientAssertion('the client is unknown or disabled.');
      const now = deps.clock.now();
      let payload;
      try {
        const key = await importJWK(client.public_jwk as JWK, alg);
        ({ payload } = await jwtVerify(token, key, {
          issuer: client.id,
          subject: client.id,
          audience,
          algorithms: ALGORITHMS,
          currentDate: now,
          requiredClaims: ['exp', 'jti'],
        }));
      } catch (error) {
        throw invalidClientAssertion(`${(error as Error).message}.`);
      }
      const nowSeconds = Math.floor(now.getTime() / 1000);
      const exp = payload.exp!;
      if (exp - nowSeconds > MAX_ASSERTION_SECONDS || (payload.iat !== undefined && exp - payload.iat > MAX_ASSERTION_SECONDS)) {
        throw invalidClientAssertion(`it must expire within ${MAX_ASSERTION_SECONDS} seconds.`);
      }
      const jti = String(payload.jti);
      if (jti.length === 0 || jti.length > 200) throw invalidClientAssertion('the jti claim is not valid.');
      await repo.forgetExpiredJtis(now);
      if (!(await repo.rememberJti(client.id, jti, new Date(exp * 1000)))) throw invalidClientAssertion('this assertion was already used.');
      return { clientId: client.id, organisationId: client.organisation_id, scopes: client.scopes };
    },
  };
}

export type ApiClientService = ReturnType<typeof createApiClientService>;
