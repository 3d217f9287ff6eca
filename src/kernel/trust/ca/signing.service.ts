import type { Clock } from '../../clock.js';
import type { SessionContext } from '../../http/context.js';
import type { LogEvent } from '../log/log.events.js';
import type { x509 } from '../pki/x509.js';
import { canonicalJson, commitment, newCommitmentSalt } from '../tlog/canonical-json.js';
import { signJsonCompact } from '../signing/jws.js';
import { signPdf as signPadesPdf } from '../signing/pades.js';
import { sha256Hex, type CaService, type CertificateSummary } from './ca.service.js';

/** How recent the person's passkey check must be to sign (seconds). */
export const SIGNING_FRESHNESS_SECONDS = 300;
/** The transparency log event type of every signature Nara makes. */
export const SIGNATURE_EVENT_TYPE = 'signature.created';

/**
 * Port to the transparency log (`kernel.transparencyLog.append`): every signature is recorded
 * before it is handed out. What `record` returns (the log's pending id) is passed back.
 */
export interface SignatureRecorder {
  record(event: LogEvent): Promise<unknown>;
}

export interface SigningDeps {
  ca: Pick<CaService, 'signerFor' | 'sealSignerFor'>;
  clock: Clock;
  requireFreshAuthentication(session: SessionContext, maxAgeSeconds: number): void;
  recorder: SignatureRecorder;
}

export interface SignOptions {
  /** Sign with the certificate for this organisation (when the person holds several). */
  organisationId?: string;
}

export interface SignatureMade {
  certificate: CertificateSummary;
  signedAt: Date;
  /** SHA-256 (hex) of the signed document: the RFC 8785 JSON, or the signed PDF file. */
  documentSha256: string;
  /** The log entry: what the recorder returned (the log's pending id), and the event itself. */
  logRecord: unknown;
  logEvent: LogEvent;
  /** Opens the event's subject commitment to the signer's person id; give it to the signer, not to the public. */
  subjectSalt: string;
}


/**
 * Signing on behalf of a person: always after a fresh passkey check, always with their current
 * certificate's chain embedded, and always recorded in the transparency log.
 */
export function createSigningService(deps: SigningDeps) {
  async function prepare(session: SessionContext, options: SignOptions) {
    deps.requireFreshAuthentication(session, SIGNING_FRESHNESS_SECONDS);
    const found = await deps.ca.signerFor(session.personId, options.organisationId);
    return { ...found, signedAt: wholeSecondNow() };
  }

  /** Whole seconds: JWS sigT and PDF /M carry no fractions, and the log entry must say the same. */
  const wholeSecondNow = () => new Date(Math.floor(deps.clock.now().getTime() / 1000) * 1000);

  /** Public references only: certificate and document hashes, and a person only as a salted commitment. */
  async function logSignature(chain: x509.X509Certificate[], certificate: CertificateSummary, signedAt: Date, documentSha256: string, subject?: string) {
    const logEvent: LogEvent = {
      type: SIGNATURE_EVENT_TYPE,
      at: signedAt.toISOString(),
      agency: certificate.organisationId,
      refs: {
        // A reference code needs a digit; a 128-bit hex serial without one is a 1-in-10^13 case.
        ...(/\d/.test(certificate.serial) ? { certificateSerial: certificate.serial.toUpperCase() } : {}),
        certificateSha256: `sha256:${sha256Hex(new Uint8Array(chain[0]!.rawData))}`,
        documentSha256: `sha256:${documentSha256}`,
      },
      ...(subject ? { subject } : {}),
    };
    return { logRecord: await deps.recorder.record(logEvent), logEvent };
  }

  async function record(session: SessionContext, chain: x509.X509Certificate[], certificate: CertificateSummary, signedAt: Date, documentSha256: string) {
    const salt = newCommitmentSalt();
    const logged = await logSignature(chain, certificate, signedAt, documentSha256, commitment(session.personId, salt));
    return { ...logged, subjectSalt: Buffer.from(salt).toString('base64url') };
  }

  const padesOptions = (chain: x509.X509Certificate[], signedAt: Date, options: { reason?: string; location?: string }) => ({
    chain,
    signedAt,
    ...(options.reason ? { reason: options.reason } : {}),
    ...(options.location ? { location: options.location } : {}),
  });

  return {
    /**
     * An agency's own seal on a PDF it issues (a certificate, an extract): PAdES B-B with the
     * agency seal certificate's chain (issued on first use), recorded in the log like every signature, with no
     * person as subject. The caller decides that the agency may issue the document.
     */
    async sealPdf(
      organisationId: string,
      pdf: Uint8Array,
      options: { reason?: string; location?: string } = {},
    ): Promise<Omit<SignatureMade, 'subjectSalt'> & { pdf: Uint8Array }> {
      const { signer, chain, certificate } = await deps.ca.sealSignerFor(organisationId);
      const signedAt = wholeSecondNow();
      const signed = await signPadesPdf(pdf, signer, padesOptions(chain, signedAt, options));
      const documentSha256 = sha256Hex(signed);
      return { pdf: signed, certificate, signedAt, documentSha256, ...(await logSignature(chain, certificate, signedAt, documentSha256)) };
    },

    /** A compact JWS (x5c chain, sigT signing time) of `document`. */
    async signJson(session: SessionContext, document: unknown, options: SignOptions = {}): Promise<SignatureMade & { jws: string }> {
      const documentSha256 = sha256Hex(canonicalJson(document));
      const { signer, chain, certificate, signedAt } = await prepare(session, options);
      const jws = await signJsonCompact(document, signer, { chain, signedAt });
      return { jws, certificate, signedAt, documentSha256, ...(await record(session, chain, certificate, signedAt, documentSha256)) };
    },

    /** A PAdES B-B signed copy of `pdf` with the signer's chain embedded. */
    async signPdf(
      session: SessionContext,
      pdf: Uint8Array,
      options: SignOptions & { reason?: string; location?: string } = {},
    ): Promise<SignatureMade & { pdf: Uint8Array }> {
      const { signer, chain, certificate, signedAt } = await prepare(session, options);
      const signed = await signPadesPdf(pdf, signer, padesOptions(chain, signedAt, options));
      const documentSha256 = sha256Hex(signed);
      return { pdf: signed, certificate, signedAt, documentSha256, ...(await record(session, chain, certificate, signedAt, documentSha256)) };
    },
  };
}

export type SigningService = ReturnType<typeof createSigningService>;
