/**
 * `nara seal-bid`: the vendor's side of a sealed bid, for vendors' own systems. It takes the
 * tender's opening key (from a Nara server or a saved JWK file), hashes the bid's documents,
 * seals the bid document (JWE, ECDH-ES, A256GCM) and prints the sealed bid with its commitment.
 * The price never leaves the vendor's machine in clear; the vendor then submits `sealed` with
 * POST /api/v1/procurement/tenders/{tenderId}/bids.
 */
import { createHash, randomBytes } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { isValidPick } from './domain/reserve-price.js';
import { bidCommitment, parseEcPublicJwk, sealBid, type EcPublicJwk } from './domain/sealing.js';

export const SEAL_BID_USAGE = `Usage: nara seal-bid --tender <tnd_...> --vendor <organisation id> --price <won>
                     [--picks <n,m>] [--document <file>]... (--url <Nara base URL> | --key <JWK file>)

Seals a bid on this machine to the tender's opening key and prints {"sealed", "commitment"}.
--picks   two reserve-price numbers (1-15), for multiple-reserve-price tenders
--document  a file attached to the bid; only its SHA-256 goes into the sealed bid
--url     fetches the tender's opening key from this Nara server
--key     reads the opening key (public JWK) from a file instead`;

export interface SealBidIo {
  out(line: string): void;
  err(line: string): void;
  fetchJson(url: string): Promise<unknown>;
}

const defaultIo: SealBidIo = {
  out: (line) => console.log(line),
  err: (line) => console.error(line),
  async fetchJson(url) {
    const res = await fetch(url, { headers: { accept: 'application/json' } });
    if (!res.ok) throw new Error(`${url} answered ${res.status}.`);
    return res.json();
  },
};

class UsageError extends Error {}

async function openingKey(tenderId: string, values: { url?: string | undefined; key?: string | undefined }, io: SealBidIo): Promise<EcPublicJwk> {
  if (values.key) {
    const jwk = parseEcPublicJwk(JSON.parse(await readFile(values.key, 'utf8')));
    if (!jwk) throw new UsageError(`${values.key} does not hold a P-256 public JWK.`);
    return jwk;
  }
  if (!values.url) throw new UsageError('Give --url or --key.');
  const tender = (await io.fetchJson(`${values.url.replace(/\/$/, '')}/api/v1/procurement/tenders/${encodeURIComponent(tenderId)}`)) as { openingPublicJwk?: unknown; status?: string };
  const jwk = parseEcPublicJwk(tender.openingPublicJwk);
  if (!jwk) throw new UsageError('The server sent no opening key for this tender.');
  if (tender.status !== 'open') throw new UsageError(`The tender is ${tender.status ?? 'unknown'}, not open for bids.`);
  return jwk;
}

/** Runs the command; returns the exit code (0 sealed, 2 usage). */
export async function runSealBid(argv: readonly string[], io: SealBidIo = defaultIo): Promise<number> {
  try {
    const { values } = parseArgs({
      args: [...argv],
      options: {
        tender: { type: 'string' }, vendor: { type: 'string' }, price: { type: 'string' }, picks: { type: 'string' },
        document: { type: 'string', multiple: true }, url: { type: 'string' }, key: { type: 'string' }, help: { type: 'boolean' },
      },
    });
    if (values.help) {
      io.out(SEAL_BID_USAGE);
      return 0;
    }
    if (!values.tender || !/^tnd_[a-z0-9]{8,64}$/.test(values.tender)) throw new UsageError('Give the tender id with --tender tnd_...');
    if (!values.vendor) throw new UsageError('Give your organisation id with --vendor.');
    const price = Number(values.price);
    if (!Number.isSafeInteger(price) || price <= 0) throw new UsageError('Give the price in whole won with --price.');
    const picks = values.picks ? values.picks.split(',').map((n) => Number(n.trim())) : undefined;
    if (picks && !isValidPick(picks)) throw new UsageError('--picks takes two different numbers from 1 to 15, e.g. 3,11.');
    const documents = [];
    for (const file of values.document ?? []) documents.push(`sha256:${createHash('sha256').update(await readFile(file)).digest('hex')}`);
    const key = await openingKey(values.tender, values, io);
    const sealed = await sealBid(
      { tenderId: values.tender, vendorId: values.vendor, price, ...(picks ? { picks } : {}), documents, nonce: randomBytes(16).toString('base64url') },
      key,
    );
    io.out(JSON.stringify({ tenderId: values.tender, sealed, commitment: bidCommitment(sealed) }));
    return 0;
  } catch (error) {
    if (error instanceof UsageError || (error instanceof TypeError && 'code' in error && String(error.code).startsWith('ERR_PARSE_ARGS'))) {
      io.err(`${error.message}\n\n${SEAL_BID_USAGE}`);
      return 2;
    }
    throw error;
  }
}
