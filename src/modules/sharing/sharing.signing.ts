import { DomainError } from '../../kernel/http/errors.js';
import type { Kernel } from '../../kernel/kernel.js';
import type { SignerWithChain } from '../../kernel/trust/ca/ca.service.js';
import { signJsonCompact } from '../../kernel/trust/signing/jws.js';

export interface SignedMessage {
  agencyId: string;
  certificateSerial: string;
  jws: string;
}

/**
 * Signs sharing messages with each agency's system certificate. An agency without one gets one
 * issued on first use (the demo country starts without system certificates); signers are kept in
 * memory until their certificate ends.
 */
export function createMessageSigner(kernel: Pick<Kernel, 'pki' | 'identity' | 'clock'>) {
  const cache = new Map<string, Promise<SignerWithChain>>();

  async function load(agencyId: string): Promise<SignerWithChain> {
    try {
      return await kernel.pki.systemSignerFor(agencyId);
    } catch (error) {
      if (!(error instanceof DomainError) || error.code !== 'no_signing_certificate') throw error;
      const org = await kernel.identity.getOrganisation(agencyId);
      if (!org) throw error;
      await kernel.pki.issueSystemCertificate(agencyId, [`${org.code.toLowerCase()}.sharing.nara.test`]);
      return kernel.pki.systemSignerFor(agencyId);
    }
  }

  async function signerOf(agencyId: string): Promise<SignerWithChain> {
    let found = cache.get(agencyId);
    if (found) {
      const current = await found.catch(() => undefined);
      if (current && current.certificate.notAfter > kernel.clock.now() && current.certificate.status === 'valid') return current;
      cache.delete(agencyId);
    }
    found = load(agencyId);
    cache.set(agencyId, found);
    found.catch(() => cache.delete(agencyId));
    return found;
  }

  return {
    async sign(agencyId: string, document: unknown): Promise<SignedMessage> {
      const { signer, chain, certificate } = await signerOf(agencyId);
      const signedAt = new Date(Math.floor(kernel.clock.now().getTime() / 1000) * 1000);
      return { agencyId, certificateSerial: certificate.serial, jws: await signJsonCompact(document, signer, { chain, signedAt }) };
    },
    /** Forgets cached signers (after a certificate was revoked). */
    forget: () => cache.clear(),
  };
}

export type MessageSigner = ReturnType<typeof createMessageSigner>;
