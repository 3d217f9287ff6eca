import type { Insertable } from 'kysely';
import type { DbOrTx } from '../../db/database.js';
import type { KeyPersistence } from '../signing/software-key-store.js';
import type { CaKind, CaRow, CertificateAuthorityTable, CertificateRow, CertificateTable, CrlRow, SubjectKind } from './ca.tables.js';
import type { RevocationReason } from '../pki/revocation.crl.js';

/** The software key store's persistence on the `trust_key` table. */
export function databaseKeyPersistence(db: DbOrTx, now: () => Date): KeyPersistence {
  return {
    async save(record) {
      await db
        .insertInto('trust_key')
        .values({
          id: record.keyId,
          algorithm: record.algorithm,
          public_key: record.publicKeySpki,
          wrapped_private_key: record.wrappedPrivateKey,
          created_at: now(),
        })
        .execute();
    },
    async load(keyId) {
      const row = await db.selectFrom('trust_key').selectAll().where('id', '=', keyId).executeTakeFirst();
      return (
        row && {
          keyId: row.id,
          algorithm: row.algorithm,
          publicKeySpki: new Uint8Array(row.public_key),
          wrappedPrivateKey: new Uint8Array(row.wrapped_private_key),
        }
      );
    },
  };
}

export function createCaRepository(db: DbOrTx) {
  return {
    async deleteKey(keyId: string): Promise<void> {
      await db.deleteFrom('trust_key').where('id', '=', keyId).execute();
    },

    /** The platform root or the business CA (no organisation), or an agency's CA. */
    findCaFor(kind: CaKind, organisationId: string | null): Promise<CaRow | undefined> {
      let q = db.selectFrom('certificate_authority').selectAll();
      q = organisationId === null ? q.where('kind', '=', kind).where('organisation_id', 'is', null) : q.where('organisation_id', '=', organisationId);
      return q.executeTakeFirst();
    },

    findCa: (id: string): Promise<CaRow | undefined> =>
      db.selectFrom('certificate_authority').selectAll().where('id', '=', id).executeTakeFirst(),

    listCas: (): Promise<CaRow[]> => db.selectFrom('certificate_authority').selectAll().orderBy('created_at').orderBy('id').execute(),

    /** False when another process created the same CA first (the unique indexes decide). */
    async insertCaIfAbsent(row: Insertable<CertificateAuthorityTable>): Promise<boolean> {
      const inserted = await db.insertInto('certificate_authority').values(row).onConflict((oc) => oc.doNothing()).returning('id').executeTakeFirst();
      return inserted !== undefined;
    },

    async insertCertificate(row: Insertable<CertificateTable>): Promise<void> {
      await db.insertInto('certificate').values(row).execute();
    },

    findCertificate: (serial: string): Promise<CertificateRow | undefined> =>
      db.selectFrom('certificate').selectAll().where('serial', '=', serial).executeTakeFirst(),

    listCertificatesOf: (organisationId: string, kinds: SubjectKind[], limit = 200): Promise<CertificateRow[]> =>
      db
        .selectFrom('certificate')
        .selectAll()
        .where('organisation_id', '=', organisationId)
        .where('subject_kind', 'in', kinds)
        .orderBy('created_at', 'desc')
        .orderBy('serial')
        .limit(limit)
        .execute(),

    /** A person's newest certificate that is valid at `now`, optionally for one organisation. */
    currentCertificateOf(personId: string, organisationId: string | undefined, now: Date): Promise<CertificateRow | undefined> {
      let q = db
        .selectFrom('certificate')
        .selectAll()
        .where('person_id', '=', personId)
        .where('status', '=', 'valid')
        .where('not_before', '<=', now)
        .where('not_after', '>', now);
      if (organisationId !== undefined) q = q.where('organisation_id', '=', organisationId);
      return q.orderBy('not_after', 'desc').orderBy('serial').limit(1).executeTakeFirst();
    },

    currentCertificateOfKind(organisationId: string, kind: SubjectKind, now: Date): Promise<CertificateRow | undefined> {
      return db
        .selectFrom('certificate')
        .selectAll()
        .where('organisation_id', '=', organisationId)
        .where('subject_kind', '=', kind)
        .where('status', '=', 'valid')
        .where('not_before', '<=', now)
        .where('not_after', '>', now)
        .orderBy('not_after', 'desc')
        .orderBy('serial')
        .executeTakeFirst();
    },

    currentSystemCertificateOf(organisationId: string, now: Date): Promise<CertificateRow | undefined> {
      return this.currentCertificateOfKind(organisationId, 'system', now);
    },

    /** Undefined when the certificate is unknown or already revoked. */
    markRevoked: (serial: string, at: Date, reason: RevocationReason): Promise<CertificateRow | undefined> =>
      db
        .updateTable('certificate')
        .set({ status: 'revoked', revoked_at: at, revocation_reason: reason })
        .where('serial', '=', serial)
        .where('status', '=', 'valid')
        .returningAll()
        .executeTakeFirst(),

    /** Takes the CA's next CRL number; the row lock orders concurrent CRLs of one CA. */
    async takeCrlNumber(caId: string): Promise<number> {
      const row = await db
        .updateTable('certificate_authority')
        .set((eb) => ({ next_crl_number: eb('next_crl_number', '+', 1) }))
        .where('id', '=', caId)
        .returning('next_crl_number')
        .executeTakeFirstOrThrow();
      return row.next_crl_number - 1;
    },

    revokedOf: (caId?: string) => {
      let q = db
        .selectFrom('certificate')
        .select(['serial', 'ca_id', 'revoked_at', 'revocation_reason'])
        .where('status', '=', 'revoked');
      if (caId !== undefined) q = q.where('ca_id', '=', caId);
      return q.orderBy('serial').execute();
    },

    async insertCrl(row: CrlRow): Promise<void> {
      await db.insertInto('certificate_revocation_list').values(row).execute();
    },

    latestCrl: (caId: string): Promise<CrlRow | undefined> =>
      db.selectFrom('certificate_revocation_list').selectAll().where('ca_id', '=', caId).orderBy('number', 'desc').limit(1).executeTakeFirst(),
  };
}

export type CaRepository = ReturnType<typeof createCaRepository>;
