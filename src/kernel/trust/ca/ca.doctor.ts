import { systemClock } from '../../clock.js';
import type { DoctorCheck } from '../../doctor/doctor.js';
import { DomainError } from '../../http/errors.js';
import { KEY_UNWRAP_FAILED } from '../signing/key-wrap.js';
import { createCaRepository } from './ca.repository.js';
import { parseCertificate } from './ca.service.js';
import { createTrustKeyStore } from './pki.kernel.js';

/**
 * `nara doctor`: the platform root (and every CA) exists and its private key unwraps with the
 * configured NARA_SECRET_KEY and matches its certificate.
 */
export const trustKeysCheck: DoctorCheck = {
  name: 'Trust keys',
  async run({ config, database }) {
    if (!config) return { status: 'skipped', message: 'Not checked until the configuration is valid.' };
    if (!database) return { status: 'skipped', message: 'Not checked until the database opens.' };
    let cas;
    try {
      cas = await createCaRepository(database.db).listCas();
    } catch {
      return { status: 'warn', message: 'The certificate tables do not exist yet.', fix: 'Run npm run nara -- migrate (npm start also creates them).' };
    }
    if (!cas.some((ca) => ca.kind === 'root')) {
      return { status: 'warn', message: 'There is no platform root CA yet.', fix: 'Start Nara once, or run npm run nara -- pki init.' };
    }
    const keyStore = createTrustKeyStore(database.db, config.secretKey, systemClock);
    for (const ca of cas) {
      try {
        const signer = await keyStore.getSigner(ca.key_id);
        const spki = signer.publicKey.export({ type: 'spki', format: 'der' });
        if (!spki.equals(Buffer.from(parseCertificate(ca.certificate).publicKey.rawData))) {
          return { status: 'problem', message: `The key of CA ${ca.id} does not match its certificate.`, fix: 'Restore the trust_key table from the backup taken with the certificates.' };
        }
      } catch (error) {
        if (!(error instanceof DomainError)) throw error;
        const why = error.code === KEY_UNWRAP_FAILED ? `cannot be unwrapped with the configured NARA_SECRET_KEY (${error.message})` : error.message;
        return {
          status: 'problem',
          message: `The private key of ${ca.kind === 'root' ? 'the platform root' : `CA ${ca.id}`} ${why}.`,
          fix: 'Set NARA_SECRET_KEY to the value Nara used when it created the keys (nothing can sign until then).',
        };
      }
    }
    return { status: 'ok', message: `The platform root and ${cas.length - 1} other CA(s) have their keys, readable with the configured secret.` };
  },
};
