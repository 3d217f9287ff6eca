/**
 * The only thing the transparency log accepts: typed public events. An entry says what happened
 * (`type`), when (`at`, UTC), which agency did it (`agency`) and what it was about (`refs`: ids,
 * codes and content hashes); a person appears only as a salted commitment (`subject`). The schema
 * is strict and every string has a narrow shape, so a name, an address or free text cannot get in:
 *
 *   { "type": "signing.signature-made", "at": "2026-03-02T00:00:00.000Z", "agency": "org_4k2...",
 *     "refs": { "documentId": "doc_7q...", "sha256": "sha256:9f86d0..." },
 *     "subject": "<64 hex: HMAC-SHA-256 commitment, see canonical-json.ts commitment()>" }
 *
 * The logged bytes are the RFC 8785 canonical JSON of the event.
 */
import { z } from 'zod';
import { invalidInput } from '../../http/errors.js';
import { canonicalJsonBytes } from '../tlog/canonical-json.js';
import { MAX_ENTRY_SIZE } from '../tlog/tiles.js';

/** `area.what-happened`, e.g. `signing.signature-made`, `pki.certificate-revoked`. */
const EVENT_TYPE = /^[a-z][a-z0-9]*(?:\.[a-z][a-z0-9-]*){1,3}$/;
/** Nara's ids: a type prefix and random base32, e.g. `org_4k2...`, `doc_7q...`. */
const PREFIXED_ID = /^[a-z][a-z0-9]{1,15}_[A-Za-z0-9]{8,64}$/;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const CONTENT_HASH = /^(?:sha256:[0-9a-f]{64}|sha512:[0-9a-f]{128})$/;
/** Reference codes such as `MOIS-2026-000123`: capitals, digits and hyphens, with at least one digit. */
const REFERENCE_CODE = /^(?=[A-Z-]*\d)[A-Z0-9][A-Z0-9-]{2,63}$/;
const REF_KEY = /^[a-z][a-zA-Z0-9]{0,39}$/;
/** A commitment (canonical-json.ts `commitment()`): 32 bytes in hex. */
const COMMITMENT = /^[0-9a-f]{64}$/;

const refValue = z.union([
  z.string().regex(PREFIXED_ID),
  z.string().regex(UUID),
  z.string().regex(CONTENT_HASH),
  z.string().regex(REFERENCE_CODE),
  z.number().int().nonnegative().max(Number.MAX_SAFE_INTEGER),
]);

export const logEventSchema = z
  .object({
    type: z.string().max(80).regex(EVENT_TYPE, 'The event type must look like area.what-happened.'),
    at: z.iso.datetime({ precision: 3 }).describe('UTC time with milliseconds, from the kernel clock.'),
    agency: z.union([z.literal('platform'), z.string().regex(PREFIXED_ID)]).describe('The organisation id that acted, or "platform".'),
    refs: z
      .record(z.string().regex(REF_KEY, 'A reference name is camelCase.'), refValue)
      .refine((refs) => Object.keys(refs).length <= 16, 'An event has at most 16 references.'),
    subject: z.string().regex(COMMITMENT, 'A subject is a salted commitment (64 hex digits), never a name or number.').optional(),
  })
  .strict();

export type LogEvent = z.infer<typeof logEventSchema>;

/** Validates an event and returns its canonical bytes; anything else is `validation_failed` (422). */
export function encodeLogEvent(event: unknown): { type: string; bytes: Uint8Array } {
  const parsed = logEventSchema.safeParse(event);
  if (!parsed.success) {
    throw invalidInput(
      parsed.error.issues.map((issue) => ({ field: issue.path.join('.'), message: issue.message })),
      'A transparency log event has only type, at, agency, refs and subject, each in its narrow format.',
    );
  }
  const bytes = canonicalJsonBytes(parsed.data);
  if (bytes.length > MAX_ENTRY_SIZE) throw invalidInput([{ field: '', message: 'The event is too long.' }]);
  return { type: parsed.data.type, bytes };
}
