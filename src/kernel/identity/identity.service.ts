import type { Clock } from '../clock.js';
import type { NaraConfig } from '../config/config.js';
import type { Db, DbOrTx } from '../db/database.js';
import type { Logger } from '../http/logger.js';
import { conflict, invalidInput, notFound } from '../http/errors.js';
import {
  agencyPseudonym,
  decryptNin,
  deriveIdentityKeys,
  encryptNin,
  hashNin,
  isPlausibleNin,
  newId,
} from './identity.crypto.js';
import type { Locale } from '../i18n/locales.js';
import { createIdentityRepository, type PersonRecord } from './identity.repository.js';
import type { Organisation, OrganisationKind, RoleName } from './identity.tables.js';

export interface IdentityDeps {
  db: Db;
  config: NaraConfig;
  clock: Clock;
  logger: Logger;
}

export interface NewOrganisationInput {
  /** Optional stable id (the seeder uses readable ones); default "org_<random>". */
  id?: string;
  kind: OrganisationKind;
  parentId?: string | null;
  code: string;
  nameEn: string;
  nameKo: string;
  businessRegistrationNumber?: string | null;
}

export interface NewPersonInput {
  id?: string;
  givenName: string;
  familyName: string;
  /** Default: family then given name, as written in Korean. */
  displayName?: string;
  /** 'YYYY-MM-DD'. */
  birthDate?: string | null;
  email?: string | null;
  phone?: string | null;
  addressLine1?: string | null;
  addressLine2?: string | null;
  addressTown?: string | null;
  addressPostcode?: string | null;
  locale?: Locale;
  /** The national identification number in clear; only its ciphertext and keyed hash are stored. */
  nin?: string | null;
}

export interface AppointmentInput {
  personId: string;
  organisationId: string;
  title: string;
  unit?: string | null;
}

/** Organisations, people, officials and roles. Every write takes an optional transaction. */
export function createIdentityService(deps: IdentityDeps) {
  const keys = deriveIdentityKeys(deps.config.secretKey);
  const repo = (db?: DbOrTx) => createIdentityRepository(db ?? deps.db);

  const personRow = (input: NewPersonInput) => {
    if (input.nin != null && !isPlausibleNin(input.nin)) {
      throw invalidInput([{ field: 'nin', message: 'A national identification number is 6 to 20 digits.' }]);
    }
    return {
      id: input.id ?? newId('per'),
      display_name: input.displayName ?? `${input.familyName}${input.givenName}`,
      given_name: input.givenName,
      family_name: input.familyName,
      birth_date: input.birthDate ?? null,
      email: input.email ?? null,
      phone: input.phone ?? null,
      address_line1: input.addressLine1 ?? null,
      address_line2: input.addressLine2 ?? null,
      address_town: input.addressTown ?? null,
      address_postcode: input.addressPostcode ?? null,
      locale: input.locale ?? 'ko',
      nin_ciphertext: input.nin != null ? encryptNin(keys, input.nin) : null,
      nin_hash: input.nin != null ? hashNin(keys, input.nin) : null,
    };
  };

  const service = {
    async createOrganisations(inputs: NewOrganisationInput[], tx?: DbOrTx): Promise<string[]> {
      const rows = inputs.map((o) => ({
        id: o.id ?? newId('org'),
        kind: o.kind,
        parent_id: o.parentId ?? null,
        code: o.code,
        name_en: o.nameEn,
        name_ko: o.nameKo,
        business_registration_number: o.businessRegistrationNumber ?? null,
      }));
      await repo(tx).insertOrganisations(rows);
      return rows.map((r) => r.id);
    },

    async createOrganisation(input: NewOrganisationInput, tx?: DbOrTx): Promise<string> {
      const [id] = await service.createOrganisations([input], tx);
      return id!;
    },

    /** Bulk insert (the seeder's path); a duplicate NIN fails the whole batch. */
    async createPeople(inputs: NewPersonInput[], tx?: DbOrTx): Promise<string[]> {
      const rows = inputs.map(personRow);
      await repo(tx).insertPeople(rows);
      return rows.map((r) => r.id);
    },

    async createPerson(input: NewPersonInput, tx?: DbOrTx): Promise<string> {
      const row = personRow(input);
      if (row.nin_hash && (await repo(tx).findPersonIdByNinHash(row.nin_hash))) {
        throw conflict('nin_already_registered', 'A person with this national identification number is already registered.');
      }
      await repo(tx).insertPeople([row]);
      return row.id;
    },

    async findPersonByNin(nin: string, tx?: DbOrTx): Promise<PersonRecord | undefined> {
      if (!isPlausibleNin(nin)) return undefined;
      const id = await repo(tx).findPersonIdByNinHash(hashNin(keys, nin));
      return id ? repo(tx).findPerson(id) : undefined;
    },

    /** The clear NIN, for the few flows that must show or transmit it. */
    async revealNin(personId: string, tx?: DbOrTx): Promise<string | null> {
      const sealed = await repo(tx).ninCiphertextOf(personId);
      if (sealed === undefined) throw notFound('The person');
      return sealed === null ? null : decryptNin(keys, sealed);
    },

    /** Stable per (agency, person); different agencies get unlinkable values. */
    pseudonymFor(personId: string, organisationId: string): string {
      return agencyPseudonym(keys, organisationId, personId);
    },

    getPerson: (id: string, tx?: DbOrTx) => repo(tx).findPerson(id),
    getOrganisation: (id: string, tx?: DbOrTx) => repo(tx).findOrganisation(id),
    listOrganisations: (kind?: OrganisationKind, tx?: DbOrTx) => repo(tx).listOrganisations(kind),
    listChildOrganisations: (parentId: string, tx?: DbOrTx) => repo(tx).listChildOrganisations(parentId),
    /** The organisation then its parents up to the top. */
    organisationChain: (id: string, tx?: DbOrTx): Promise<Organisation[]> => repo(tx).organisationChain(id),
    organisationSubtree: (id: string, tx?: DbOrTx) => repo(tx).organisationSubtree(id),
    rolesOf: (personId: string, tx?: DbOrTx) => repo(tx).rolesOf(personId),
    officialPostsOf: (personId: string, tx?: DbOrTx) => repo(tx).officialPostsOf(personId),
    businessesOf: (personId: string, tx?: DbOrTx) => repo(tx).businessesOf(personId),
    listOfficialsOf: (organisationId: string, tx?: DbOrTx) => repo(tx).listOfficialsOf(organisationId),
    rolesOfMany: (personIds: string[], tx?: DbOrTx) => repo(tx).rolesOfMany(personIds),
    listPeopleWithRole: (role: RoleName, limit: number, tx?: DbOrTx) => repo(tx).listPeopleWithRole(role, limit),

    /** Appoints officials (re-appointing updates title and unit) and grants each the agency's `official` role. */
    async appointOfficials(inputs: AppointmentInput[], tx?: DbOrTx): Promise<void> {
      const r = repo(tx);
      await r.insertOfficials(
        inputs.map((a) => ({ person_id: a.personId, organisation_id: a.organisationId, title: a.title, unit: a.unit ?? null })),
      );
      await r.insertRoleGrants(inputs.map((a) => ({ person_id: a.personId, role: 'official' as const, organisation_id: a.organisationId })));
    },

    appointOfficial: (input: AppointmentInput, tx?: DbOrTx) => service.appointOfficials([input], tx),

    /** Idempotent. `organisationId` null grants the role platform-wide. */
    async grantRoles(grants: { personId: string; role: RoleName; organisationId: string | null }[], tx?: DbOrTx): Promise<void> {
      await repo(tx).insertRoleGrants(grants.map((g) => ({ person_id: g.personId, role: g.role, organisation_id: g.organisationId })));
    },

    grantRole: (personId: string, role: RoleName, organisationId: string | null, tx?: DbOrTx) =>
      service.grantRoles([{ personId, role, organisationId }], tx),

    revokeRole: (personId: string, role: RoleName, organisationId: string | null, tx?: DbOrTx) =>
      repo(tx).revokeRole(personId, role, organisationId),

    /** Links a person to a business and grants them `vendor` scoped to that business. */
    async addBusinessMembers(members: { personId: string; organisationId: string }[], tx?: DbOrTx): Promise<void> {
      const r = repo(tx);
      await r.insertBusinessMembers(members.map((m) => ({ person_id: m.personId, organisation_id: m.organisationId })));
      await r.insertRoleGrants(members.map((m) => ({ person_id: m.personId, role: 'vendor' as const, organisation_id: m.organisationId })));
    },

    addBusinessMember: (personId: string, organisationId: string, tx?: DbOrTx) =>
      service.addBusinessMembers([{ personId, organisationId }], tx),

    async updateContact(personId: string, changes: { email?: string | null; phone?: string | null; locale?: Locale }, tx?: DbOrTx) {
      await repo(tx).updateContact(personId, changes, deps.clock.now());
      const person = await repo(tx).findPerson(personId);
      if (!person) throw notFound('The person');
      return person;
    },
  };
  return service;
}

export type IdentityService = ReturnType<typeof createIdentityService>;
