import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { ClientMetadata } from 'oidc-provider';
import type { Db } from '../db/database.js';
import { conflict, invalidInput, type FieldProblem } from '../http/errors.js';
import type { Identity } from '../identity/identity.js';
import { findPayload, listPayloads, upsertPayload } from './oidc.repository.js';

/** The adapter model under which registered relying parties are stored. */
export const CLIENT_MODEL = 'Client';

export type ClientAuthMethod = 'client_secret_basic' | 'private_key_jwt';

/** A relying party as Nara stores it: oidc-provider client metadata plus its owning agency. */
export interface StoredClient extends ClientMetadata {
  client_id: string;
  client_name: string;
  redirect_uris: string[];
  token_endpoint_auth_method: ClientAuthMethod;
  /** The agency that runs the system; it decides the pairwise subject identifier. */
  nara_organisation_id: string;
  nara_registered_at: string;
}

export interface RegisterClientInput {
  name: string;
  organisationId: string;
  redirectUris: string[];
  authMethod: ClientAuthMethod;
  /** A JSON Web Key Set with the client's public keys (private_key_jwt only). */
  jwks?: string;
}

export interface RegisteredClient {
  clientId: string;
  /** Shown once: only its hash is stored. */
  clientSecret?: string;
}

/** Hash of a client secret as stored. Secrets are 256 random bits, so a plain SHA-256 suffices. */
export const hashClientSecret = (secret: string) => `sha256:${createHash('sha256').update(secret, 'utf8').digest('base64url')}`;

export function isClientSecret(presented: string, stored: string | undefined): boolean {
  if (!stored) return false;
  const a = Buffer.from(hashClientSecret(presented));
  const b = Buffer.from(stored);
  return a.length === b.length && timingSafeEqual(a, b);
}

/** Loopback http is allowed for agencies' test systems; everything else must be https. */
function isAcceptableRedirectUri(value: string): boolean {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return false;
  }
  if (url.hash || url.username || url.password) return false;
  if (url.protocol === 'https:') return true;
  return url.protocol === 'http:' && ['localhost', '127.0.0.1', '[::1]'].includes(url.hostname);
}

function parseJwks(text: string | undefined): { keys: Record<string, unknown>[] } | undefined {
  try {
    const value = JSON.parse(text ?? '') as unknown;
    if (typeof value !== 'object' || value === null || !Array.isArray((value as { keys?: unknown }).keys)) return undefined;
    const keys = (value as { keys: unknown[] }).keys;
    const isPublicJwk = (k: unknown) => typeof k === 'object' && k !== null && typeof (k as { kty?: unknown }).kty === 'string' && !('d' in k);
    return keys.length > 0 && keys.every(isPublicJwk) ? { keys: keys as Record<string, unknown>[] } : undefined;
  } catch {
    return undefined;
  }
}

export function createOidcClients(deps: { db: Db; identity: Identity; now: () => Date }) {
  const toClient = (payload: unknown) => payload as StoredClient;
  return {
    async list(): Promise<StoredClient[]> {
      return (await listPayloads(deps.db, CLIENT_MODEL)).map((r) => toClient(r.payload));
    },

    async find(clientId: string): Promise<StoredClient | undefined> {
      const row = await findPayload(deps.db, CLIENT_MODEL, 'id', clientId, deps.now());
      return row ? toClient(row.payload) : undefined;
    },

    /** Registers a relying party; throws `validation_failed` naming the fields at fault. */
    async register(input: RegisterClientInput): Promise<RegisteredClient> {
      const problems: FieldProblem[] = [];
      const name = input.name.trim();
      if (name.length === 0 || name.length > 200) problems.push({ field: 'name', message: 'Enter the name of the system, up to 200 characters.' });
      const organisation = input.organisationId ? await deps.identity.getOrganisation(input.organisationId) : undefined;
      if (!organisation || organisation.kind === 'business') problems.push({ field: 'organisationId', message: 'Choose the agency that runs the system.' });
      const redirectUris = [...new Set(input.redirectUris.map((u) => u.trim()).filter(Boolean))];
      if (redirectUris.length === 0 || redirectUris.length > 10 || !redirectUris.every(isAcceptableRedirectUri)) {
        problems.push({ field: 'redirectUris', message: 'Enter 1 to 10 redirect URIs, each https (http only on localhost), without a fragment.' });
      }
      const jwks = input.authMethod === 'private_key_jwt' ? parseJwks(input.jwks) : undefined;
      if (input.authMethod === 'private_key_jwt' && !jwks) problems.push({ field: 'jwks', message: 'Enter a JSON Web Key Set with the public keys of the system.' });
      if (problems.length > 0) throw invalidInput(problems);

      const clientId = `nara_${randomBytes(12).toString('base64url')}`;
      const secret = input.authMethod === 'client_secret_basic' ? randomBytes(32).toString('base64url') : undefined;
      if (await this.find(clientId)) throw conflict('oidc_client_exists', 'A client with this id exists.');
      const client: StoredClient = {
        client_id: clientId,
        client_name: name,
        redirect_uris: redirectUris,
        grant_types: ['authorization_code', 'refresh_token'],
        response_types: ['code'],
        token_endpoint_auth_method: input.authMethod,
        subject_type: 'pairwise',
        ...(secret ? { client_secret: hashClientSecret(secret) } : {}),
        ...(jwks ? { jwks } : {}),
        nara_organisation_id: organisation!.id,
        nara_registered_at: deps.now().toISOString(),
      };
      await upsertPayload(deps.db, { model: CLIENT_MODEL, id: clientId, payload: client, grantId: null, userCode: null, uid: null, expiresAt: null });
      return { clientId, ...(secret ? { clientSecret: secret } : {}) };
    },
  };
}

export type OidcClients = ReturnType<typeof createOidcClients>;
