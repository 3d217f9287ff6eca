import type { Clock } from '../../clock.js';
import type { NaraConfig } from '../../config/config.js';
import type { Db } from '../../db/database.js';
import type { Logger } from '../../http/logger.js';
import type { Identity } from '../../identity/identity.js';
import { certifiedSigner, verifyJws, type SignerCheck } from '../signing/jws.js';
import { deriveKek } from '../signing/key-wrap.js';
import type { KeyStore } from '../signing/signer.js';
import { SoftwareKeyStore } from '../signing/software-key-store.js';
import type { FlattenedJWS } from 'jose';
import { databaseKeyPersistence } from './ca.repository.js';
import type { PkiDeps } from './ca.service.js';
import { createCaService, type CaService } from './ca.service.js';
import { createSigningService, type SignatureRecorder, type SigningService } from './signing.service.js';

/** HKDF label of the key-encryption key that wraps every private key in `trust_key`. */
export const TRUST_KEK_LABEL = 'nara/trust/kek';

/** The software key store on the database, under the KEK derived from the master secret. */
export function createTrustKeyStore(db: Db, secretKey: Uint8Array, clock: Clock): KeyStore {
  return new SoftwareKeyStore(deriveKek(secretKey, TRUST_KEK_LABEL), databaseKeyPersistence(db, () => clock.now()));
}

/** `kernel.pki`: the certificate authorities, and signing on behalf of people. */
export interface Pki extends CaService {
  signing: SigningService;
  /** Verifies a JWS against the platform root and every revocation Nara knows, at the kernel clock's now. */
  verifyJson(jws: string | FlattenedJWS): ReturnType<typeof verifyJws>;
  /**
   * The trusted roots and revocations read once, for checking many signatures in a row (opening a
   * tender): `verifyJson` as above, and `certifiedSigner`, the certificate side alone (see jws.ts).
   */
  signatureSnapshot(): Promise<{ verifyJson(jws: string | FlattenedJWS): ReturnType<typeof verifyJws>; certifiedSigner(jws: string): Promise<SignerCheck> }>;
}

export interface PkiKernelDeps {
  db: Db;
  config: Pick<NaraConfig, 'secretKey' | 'publicUrl'>;
  clock: Clock;
  logger: Logger;
  identity: Identity;
  /** Where signatures are recorded (the transparency log). Without one, each is only logged. */
  recorder?: SignatureRecorder;
  /** Records issuance and revocation in the transparency log, inside the change's transaction. */
  logInTx?: PkiDeps['logInTx'];
  /** An HSM or KMS adapter; default the software store on the database. */
  keyStore?: KeyStore;
}

export function createPki(deps: PkiKernelDeps): Pki {
  const keyStore = deps.keyStore ?? createTrustKeyStore(deps.db, deps.config.secretKey, deps.clock);
  const ca = createCaService({ db: deps.db, clock: deps.clock, publicUrl: deps.config.publicUrl, keyStore, identity: deps.identity, ...(deps.logInTx ? { logInTx: deps.logInTx } : {}) });
  const recorder: SignatureRecorder = deps.recorder ?? {
    record: async (event) => {
      deps.logger.warn('signature made without a transparency log to record it', { certificate: event.refs.certificate });
      return undefined;
    },
  };
  const signing = createSigningService({ ca, clock: deps.clock, requireFreshAuthentication: deps.identity.requireFreshAuthentication, recorder });
  return {
    ...ca,
    signing,
    verifyJson: async (jws) => verifyJws(jws, await ca.trustedRoots(), { now: deps.clock.now(), revocations: await ca.revocations() }),
    signatureSnapshot: async () => {
      const roots = await ca.trustedRoots();
      const options = { now: deps.clock.now(), revocations: await ca.revocations() };
      return { verifyJson: (jws) => verifyJws(jws, roots, options), certifiedSigner: (jws) => certifiedSigner(jws, roots, options) };
    },
  };
}
