import { sql } from 'kysely';
import type { DbOrTx } from '../../kernel/db/database.js';
import type { CertificateRow, Gov24CertificateTable } from './gov24.tables.js';

const COLUMNS = [
  'id', 'number', 'check_code', 'kind', 'holder_id', 'agency_id', 'content', 'content_sha256', 'language', 'issued_at',
  'log_pending_id', 'pdf_sha256', 'sealed_at', 'status', 'revoked_at',
] as const;

export async function nextCertificateNumber(db: DbOrTx, prefix: string, year: number): Promise<string> {
  const { rows } = await sql<{ n: string | number }>`select nextval('gov24_certificate_number_seq') as n`.execute(db);
  return `${prefix}-${year}-${String(rows[0]!.n).padStart(6, '0')}`;
}

export async function insertCertificate(db: DbOrTx, row: Omit<Gov24CertificateTable, 'pdf' | 'pdf_sha256' | 'sealed_at' | 'revoked_at' | 'content'> & { content: string }): Promise<void> {
  await db.insertInto('gov24_certificate').values({ ...row, pdf: null, pdf_sha256: null, sealed_at: null, revoked_at: null }).execute();
}

export async function findCertificate(db: DbOrTx, id: string): Promise<CertificateRow | undefined> {
  return db.selectFrom('gov24_certificate').select(COLUMNS).where('id', '=', id).executeTakeFirst();
}

export async function findCertificateByNumber(db: DbOrTx, number: string): Promise<CertificateRow | undefined> {
  return db.selectFrom('gov24_certificate').select(COLUMNS).where('number', '=', number).executeTakeFirst();
}

export async function listCertificatesOf(db: DbOrTx, holderId: string): Promise<CertificateRow[]> {
  return db.selectFrom('gov24_certificate').select(COLUMNS).where('holder_id', '=', holderId).orderBy('issued_at', 'desc').orderBy('id', 'desc').limit(100).execute();
}

export async function certificatePdf(db: DbOrTx, id: string): Promise<Uint8Array | null> {
  return (await db.selectFrom('gov24_certificate').select('pdf').where('id', '=', id).executeTakeFirst())?.pdf ?? null;
}

/** Keeps the first sealed PDF only: a concurrent second sealing of the same certificate loses. */
export async function storeSealedPdf(db: DbOrTx, id: string, pdf: Uint8Array, sha256: string, at: Date): Promise<boolean> {
  const result = await db.updateTable('gov24_certificate').set({ pdf, pdf_sha256: sha256, sealed_at: at }).where('id', '=', id).where('pdf', 'is', null).executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

export async function markRevoked(db: DbOrTx, id: string, at: Date): Promise<boolean> {
  const result = await db.updateTable('gov24_certificate').set({ status: 'revoked', revoked_at: at }).where('id', '=', id).where('status', '=', 'valid').executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}
