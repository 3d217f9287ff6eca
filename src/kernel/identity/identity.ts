import type { SessionContext } from '../http/context.js';
import { createApiClientService, type ApiClientService } from './api-client.service.js';
import { createIdentityService, type IdentityDeps, type IdentityService } from './identity.service.js';
import { createPasskeyService, type PasskeyService } from './passkey.service.js';
import { createSessionService, requireFreshAuthentication, type SessionService } from './session.service.js';

/**
 * The identity kernel as `kernel.identity`: the directory (organisations, people, officials,
 * roles) at the top level, sessions, passkeys and API clients beside it.
 */
export interface Identity extends IdentityService {
  sessions: SessionService;
  passkeys: PasskeyService;
  apiClients: ApiClientService;
  /** Throws `reauthentication_required` unless the session proved presence in the last `maxAgeSeconds`. */
  requireFreshAuthentication(session: SessionContext, maxAgeSeconds: number): void;
}

export function createIdentity(deps: IdentityDeps): Identity {
  const directory = createIdentityService(deps);
  const sessions = createSessionService({ db: deps.db, clock: deps.clock, directory });
  const passkeys = createPasskeyService({ ...deps, directory, sessions });
  const apiClients = createApiClientService(deps);
  return {
    ...directory,
    sessions,
    passkeys,
    apiClients,
    requireFreshAuthentication: (session, maxAgeSeconds) => requireFreshAuthentication(session, maxAgeSeconds, deps.clock.now()),
  };
}
