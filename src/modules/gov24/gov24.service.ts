import { createHash } from 'node:crypto';
import { inTransaction, type Tx } from '../../kernel/db/database.js';
import type { SessionContext } from '../../kernel/http/context.js';
import { conflict, DomainError, forbidden, invalidInput, notFound } from '../../kernel/http/errors.js';
import { hasRole } from '../../kernel/identity/policy.js';
import { newId } from '../../kernel/identity/identity.crypto.js';
import type { Kernel } from '../../kernel/kernel.js';
import { SIGNING_FRESHNESS_SECONDS } from '../../kernel/trust/ca/signing.service.js';
import { canonicalJson, commitment, newCommitmentSalt } from '../../kernel/trust/tlog/canonical-json.js';
import type { Receipt } from '../../kernel/trust/tlog/receipt.js';
import {
  checkAnswer, checkUpload, FACT_ITEMS, firstUnanswered, keptAnswers, searchTextOf, sniffContentType, visibleFields,
  type Answers, type FieldProblemCode, type ServiceDefinition, type UploadProblemCode,
} from './gov24.catalogue.js';
import { findBundle } from './gov24.bundles.js';
import { applicationDecidedEvent, applicationSubmittedEvent } from './gov24.events.js';
import { fetchConsentedFacts, type FactsSource, type PaymentPort } from './gov24.ports.js';
import * as repo from './gov24.repository.js';
import { serviceDefinitionInput } from './gov24.schemas.js';
import type { ApplicationEventRow, ApplicationRow, ConsentItem, DocumentRow, ServiceRow } from './gov24.tables.js';

const DAY = 86_400_000;
/** Statuses in which the agency has not decided yet (the applicant may still withdraw). */
export const OPEN_STATUSES = ['received', 'assigned', 'in_review', 'supplement_requested'] as const;

export interface Gov24Deps {
  facts: FactsSource;
  payments: PaymentPort;
}

export interface ApplicationView {
  application: ApplicationRow;
  service: ServiceRow;
  definition: ServiceDefinition;
  events: ApplicationEventRow[];
  documents: DocumentRow[];
  viewer: 'applicant' | 'official';
}

/** Words for the full-text part of a search: letters and digits only, so the query cannot be malformed. */
export function searchWords(text: string, max = 8): string[] {
  return [...new Set((text.toLowerCase().match(/[\p{L}\p{N}]{2,}/gu) ?? []))].slice(0, max);
}

/** The consent a service needs: every fact item with the agency that holds it. */
export function consentItemsOf(definition: ServiceDefinition): ConsentItem[] {
  return definition.factItems.flatMap((item) => (FACT_ITEMS[item] ? [{ item, agencyCode: FACT_ITEMS[item].holder }] : []));
}

/** What the applicant confirms (and the log commits to): service, version, answers, consented facts. */
export function applicationDocument(row: ApplicationRow, serviceCode: string, documents: Pick<DocumentRow, 'name' | 'sha256'>[]) {
  return {
    type: 'nara.gov24.application', applicationId: row.id, service: serviceCode, serviceVersion: row.service_version,
    answers: row.answers, consent: row.consent ?? [], facts: row.facts ?? {}, feeKrw: row.fee_krw,
    documents: documents.map((d) => ({ name: d.name, sha256: d.sha256 })),
  };
}

export function createGov24Service(kernel: Kernel, deps: Gov24Deps) {
  const { db, clock } = kernel;

  async function agencyIdByCode(code: string): Promise<string | undefined> {
    return (await kernel.identity.listOrganisations()).find((o) => o.code === code && o.kind !== 'business')?.id;
  }

  /**
   * The agency that receives the application: the publisher, or for services handled where the
   * applicant lives, the city or county named in their registered address (else the publisher).
   */
  async function receivingAgency(personId: string, svc: ServiceRow, definition: ServiceDefinition): Promise<string> {
    if (definition.routeTo !== 'residence') return svc.agency_id;
    const town = (await kernel.identity.getPerson(personId))?.addressTown ?? '';
    const local = (await kernel.identity.listOrganisations('city_district')).find((o) => town.includes(o.name_ko) || town.includes(o.name_en));
    return local?.id ?? svc.agency_id;
  }

  async function serviceByCode(code: string): Promise<{ service: ServiceRow; definition: ServiceDefinition }> {
    const service = await repo.findServiceByCode(db, code);
    const definition = service && (await repo.findServiceVersion(db, service.id, service.current_version));
    if (!service || !definition) throw notFound('The service');
    return { service, definition };
  }

  /** Who is reading: the applicant or an official of the agency; anyone else (and officials, for drafts) is told it does not exist. */
  function viewerOf(session: SessionContext, application: ApplicationRow): 'applicant' | 'official' {
    const viewer = application.applicant_id === session.personId ? 'applicant' : session.officialOf.includes(application.agency_id) ? 'official' : null;
    // Drafts are the applicant's alone; other people's applications do not exist for you.
    if (!viewer || (viewer === 'official' && application.status === 'draft')) throw notFound('The application');
    return viewer;
  }

  async function load(id: string, tx: Tx | typeof db = db, forUpdate = false) {
    const application = await repo.findApplication(tx, id, forUpdate);
    if (!application) throw notFound('The application');
    const service = (await repo.findService(tx, application.service_id))!;
    // The version the application started with: a later change of the form does not break it.
    const definition = (await repo.findServiceVersion(tx, service.id, application.service_version))!;
    return { application, service, definition };
  }

  /** The applicant's own draft, locked in `tx` when given; anything else is not found. */
  async function ownDraft(session: SessionContext, id: string, tx?: Tx) {
    const found = await load(id, tx ?? db, tx !== undefined);
    if (found.application.applicant_id !== session.personId) throw notFound('The application');
    if (found.application.status !== 'draft') throw conflict('application_submitted', 'The application was already submitted.');
    return found;
  }

  async function record(tx: Tx, row: ApplicationRow, kind: string, actorId: string | null, note: string | null = null, notify = true) {
    await repo.insertEvent(tx, { application_id: row.id, kind, at: clock.now(), actor_id: actorId, note });
    if (notify) {
      await kernel.notifications.notify(tx, { personId: row.applicant_id, template: `gov24.notice.${kind}`, params: { number: row.number ?? '' } });
    }
  }

  /** An open application an official of its agency may act on, locked inside `tx`. */
  async function handled(tx: Tx, session: SessionContext, id: string) {
    const found = await load(id, tx, true);
    if (!session.officialOf.includes(found.application.agency_id)) throw notFound('The application');
    if (!(OPEN_STATUSES as readonly string[]).includes(found.application.status)) throw conflict('application_closed', 'The application is already decided or withdrawn.');
    return found;
  }

  const service = {
    /** Publishes a service, or a new version of it; applications in progress keep their version. */
    async publish(definition: ServiceDefinition, tx?: Tx): Promise<ServiceRow> {
      const run = async (t: Tx) => {
        const agencyId = (await kernel.identity.listOrganisations(undefined, t)).find((o) => o.code === definition.agencyCode)?.id;
        if (!agencyId) throw invalidInput([{ field: 'agencyCode', message: 'No agency has that code.' }]);
        const existing = await repo.findServiceByCode(t, definition.code);
        const fields = {
          agency_id: agencyId, category: definition.category, life_event: definition.lifeEvent, age_group: definition.ageGroup,
          is_applicable: definition.form.length > 0, name_en: definition.name.en, name_ko: definition.name.ko, search_text: searchTextOf(definition),
        };
        if (!existing) {
          const row: ServiceRow = { id: newId('svc'), code: definition.code, current_version: 1, ...fields };
          await repo.insertService(t, row);
          await repo.insertServiceVersion(t, row.id, 1, definition, clock.now());
          return row;
        }
        const version = existing.current_version + 1;
        await repo.insertServiceVersion(t, existing.id, version, definition, clock.now());
        await repo.updateService(t, existing.id, { ...fields, current_version: version });
        return { ...existing, ...fields, current_version: version };
      };
      return tx ? run(tx) : inTransaction(db, run);
    },

    /** An agency administrator publishes a service of their agency (or a new version of it). */
    async publishAs(session: SessionContext, raw: unknown): Promise<ServiceRow> {
      const parsed = serviceDefinitionInput.safeParse(raw);
      if (!parsed.success) throw invalidInput(parsed.error.issues.map((i) => ({ field: i.path.join('.'), message: i.message })));
      const definition = parsed.data as ServiceDefinition;
      const agencyId = await agencyIdByCode(definition.agencyCode);
      if (!agencyId || !hasRole(session, 'agency_admin', agencyId)) throw forbidden('Only an administrator of the agency may publish its services.');
      const existing = await repo.findServiceByCode(db, definition.code);
      if (existing && existing.agency_id !== agencyId) throw conflict('service_code_taken', 'Another agency publishes a service with this code.');
      return service.publish(definition);
    },

    countServices: () => repo.countServices(db),
    browse: (filters: Omit<repo.BrowseFilters, 'limit' | 'offset'>, page: number) =>
      repo.browseServices(db, { ...filters, limit: 20, offset: Math.max(0, page - 1) * 20 }),

    /** Typo-tolerant search in Korean and English (full text plus trigram similarity). */
    async search(query: string): Promise<ServiceRow[]> {
      const q = query.trim().toLowerCase().slice(0, 100);
      if (q.length < 2) return [];
      return inTransaction(db, (tx) => repo.searchServices(tx, q, searchWords(q), 30));
    },

    serviceByCode,

    async agencyName(agencyId: string, locale: string): Promise<string> {
      const org = await kernel.identity.getOrganisation(agencyId);
      return org ? (locale === 'ko' ? org.name_ko : org.name_en) : '';
    },

    /** Continues the applicant's draft of this service, or starts one on the current version. */
    async start(session: SessionContext, code: string, bundle?: { id: string; code: string; part: number }): Promise<ApplicationRow> {
      const { service: svc, definition } = await serviceByCode(code);
      if (definition.form.length === 0) throw conflict('not_applicable_online', 'This service cannot be applied for online.');
      const existing = bundle ? undefined : await repo.findDraftOf(db, session.personId, svc.id);
      if (existing) return existing;
      const now = clock.now();
      const row: ApplicationRow = {
        id: newId('app'), number: null, service_id: svc.id, service_version: svc.current_version, applicant_id: session.personId,
        agency_id: await receivingAgency(session.personId, svc, definition),
        status: 'draft', answers: {}, consent: null, consented_at: null, facts: null, fee_krw: definition.feeKrw, payment_reference: null,
        document_sha256: null, subject_salt: null, submitted_at: null, due_at: null, assigned_official_id: null, decision: null, decision_reasons: null,
        decision_remedy: null, decision_jws: null, decision_certificate_serial: null, decided_at: null, log_pending_id: null,
        bundle_id: bundle?.id ?? null, bundle_code: bundle?.code ?? null, bundle_part: bundle?.part ?? null, created_at: now, updated_at: now,
      };
      await repo.insertApplication(db, row);
      return row;
    },

    /** Starts a life-event bundle: one draft per part, each for its own agency, sharing one bundle id. */
    async startBundle(session: SessionContext, code: string): Promise<string> {
      const bundle = findBundle(code);
      if (!bundle) throw notFound('The bundle');
      const town = (await kernel.identity.getPerson(session.personId))?.addressTown ?? '';
      const local = (await kernel.identity.listOrganisations('city_district')).find((o) => town.includes(o.name_ko) || town.includes(o.name_en));
      if (!local) throw conflict('no_registered_town', 'Your registered address is in no town that offers this bundle.');
      const id = newId('bnd');
      for (const [part, serviceCode] of bundle.parts.entries()) await service.start(session, serviceCode.replace('{town}', local.code.toLowerCase()), { id, code, part });
      return id;
    },

    /** The parts of a bundle the session may see (its applicant's), else not found. */
    async bundleParts(session: SessionContext, bundleId: string) {
      const parts = await repo.listBundleParts(db, bundleId);
      if (parts.length === 0 || parts.some((p) => p.applicant_id !== session.personId)) throw notFound('The bundle');
      const definition = findBundle(parts[0]!.bundle_code ?? '');
      if (!definition) throw notFound('The bundle');
      return { definition, parts };
    },

    draft: (session: SessionContext, id: string) => ownDraft(session, id),

    /** Saves one answer (saved at once: the applicant may leave and come back); returns the problem, if any. */
    async answer(session: SessionContext, id: string, fieldName: string, raw: string): Promise<FieldProblemCode | null> {
      return inTransaction(db, async (tx) => {
        const { application, definition } = await ownDraft(session, id, tx);
        const field = visibleFields(definition.form, application.answers).find((f) => f.name === fieldName);
        if (!field) throw notFound('The question');
        const problem = checkAnswer(field, raw);
        if (problem) return problem;
        const answers = keptAnswers(definition.form, { ...application.answers, [fieldName]: raw.trim() });
        await repo.updateApplication(tx, id, { answers, updated_at: clock.now() });
        return null;
      });
    },

    /** The next page of the journey: a question, a document to upload, the consent page, or check your answers. */
    async nextStep(application: ApplicationRow, definition: ServiceDefinition): Promise<{ kind: 'question'; field: string } | { kind: 'upload'; name: string } | { kind: 'consent' } | { kind: 'check' }> {
      const missing = firstUnanswered(definition.form, application.answers);
      if (missing) return { kind: 'question', field: missing.name };
      const uploaded = new Set((await repo.listDocuments(db, application.id)).map((d) => d.name));
      const toUpload = definition.documents.find((d) => !uploaded.has(d.name));
      if (toUpload) return { kind: 'upload', name: toUpload.name };
      if (definition.factItems.length > 0 && !application.consented_at) return { kind: 'consent' };
      return { kind: 'check' };
    },

    /** Stores a document no agency holds, after checking its real type and its size. */
    async upload(session: SessionContext, id: string, name: string, file: { filename: string; bytes: Uint8Array } | null): Promise<UploadProblemCode | null> {
      const { definition } = await ownDraft(session, id);
      const doc = definition.documents.find((d) => d.name === name);
      if (!doc) throw notFound('The document');
      const problem = checkUpload(doc, file?.bytes ?? null);
      if (problem || !file) return problem ?? 'uploadMissing';
      await inTransaction(db, async (tx) => {
        await ownDraft(session, id, tx);
        await repo.saveDocument(tx, {
          application_id: id, name, filename: file.filename.replace(/[^\p{L}\p{N}._ -]/gu, '_').slice(0, 100) || 'document', content_type: sniffContentType(file.bytes)!,
          size_bytes: file.bytes.length, sha256: `sha256:${createHash('sha256').update(file.bytes).digest('hex')}`, content: file.bytes, uploaded_at: clock.now(),
        });
        await repo.updateApplication(tx, id, { updated_at: clock.now() });
      });
      return null;
    },

    /** An uploaded document, for the applicant or an official of the receiving agency. */
    async documentContent(session: SessionContext, id: string, name: string) {
      await service.read(session, id);
      const doc = await repo.findDocumentContent(db, id, name);
      if (!doc) throw notFound('The document');
      return doc;
    },

    listDocuments: (id: string) => repo.listDocuments(db, id),

    /** Records consent to exactly the listed items and fetches them from their holders (through the facts port). */
    async consent(session: SessionContext, id: string, agreed: boolean): Promise<void> {
      const { application, service: svc, definition } = await ownDraft(session, id);
      if (!agreed) throw invalidInput([{ field: 'consent', message: 'Agree to the lookup, or apply in person instead.' }]);
      const items = consentItemsOf(definition);
      const codes = items.map((i) => i.item);
      // Outside the transaction: the lookup may go over the network (the sharing hub).
      const facts = await fetchConsentedFacts(deps.facts, {
        personId: session.personId, agencyId: application.agency_id, serviceCode: svc.code, serviceName: definition.name.en, applicationId: application.id, items: codes,
      });
      await inTransaction(db, async (tx) => {
        await ownDraft(session, id, tx);
        await repo.updateApplication(tx, id, { consent: items, consented_at: clock.now(), facts, updated_at: clock.now() });
      });
    },

    /**
     * Submits the application: the applicant must have proved presence with their passkey in the
     * last few minutes; the fee goes through the payment port; the number, the routing to the
     * responsible agency and the log entry (document hash, applicant as a salted commitment) are
     * written together.
     */
    async submit(session: SessionContext, id: string): Promise<ApplicationRow> {
      kernel.identity.requireFreshAuthentication(session, SIGNING_FRESHNESS_SECONDS);
      const { application, definition } = await ownDraft(session, id);
      const step = await service.nextStep(application, definition);
      if (step.kind !== 'check') throw conflict('application_incomplete', 'Some questions are not answered yet.');
      const payment = application.fee_krw > 0 ? await deps.payments.charge({ applicationId: id, amountKrw: application.fee_krw, payerId: session.personId }) : null;
      return inTransaction(db, async (tx) => {
        const { application: row, service: svc } = await ownDraft(session, id, tx);
        const now = clock.now();
        const salt = newCommitmentSalt();
        const number = await repo.nextApplicationNumber(tx, now.getUTCFullYear());
        const documents = await repo.listDocuments(tx, id);
        const documentSha256 = `sha256:${createHash('sha256').update(canonicalJson(applicationDocument(row, svc.code, documents))).digest('hex')}`;
        const submitted: ApplicationRow = {
          ...row, number, status: 'received', submitted_at: now, due_at: new Date(now.getTime() + definition.processingDays * DAY),
          payment_reference: payment?.reference ?? null, document_sha256: documentSha256, subject_salt: Buffer.from(salt).toString('base64url'), updated_at: now,
        };
        submitted.log_pending_id = await kernel.transparencyLog.appendInTx(tx, applicationSubmittedEvent(submitted, commitment(session.personId, salt)));
        const { id: _id, ...changes } = submitted;
        await repo.updateApplication(tx, id, changes);
        await record(tx, submitted, 'received', session.personId);
        return submitted;
      });
    },

    async read(session: SessionContext, id: string): Promise<ApplicationView> {
      const found = await load(id);
      const viewer = viewerOf(session, found.application);
      return { ...found, events: await repo.listEvents(db, id), documents: await repo.listDocuments(db, id), viewer };
    },

    /** The status and newest step, for the live stream (the same readers as the page; two small reads per poll). */
    async liveState(session: SessionContext, id: string): Promise<{ status: string; lastEvent: { id: number; kind: string } | undefined }> {
      const application = await repo.findApplication(db, id);
      if (!application) throw notFound('The application');
      viewerOf(session, application);
      return { status: application.status, lastEvent: await repo.latestEvent(db, id) };
    },

    listMine: (session: SessionContext) => repo.listApplicationsOf(db, session.personId),

    async queues(session: SessionContext) {
      const out = [];
      for (const agencyId of session.officialOf) out.push({ agencyId, applications: await repo.listQueue(db, agencyId) });
      return out;
    },

    async withdraw(session: SessionContext, id: string): Promise<void> {
      await inTransaction(db, async (tx) => {
        const { application } = await load(id, tx, true);
        if (application.applicant_id !== session.personId) throw notFound('The application');
        if (application.status === 'draft') {
          await repo.deleteApplication(tx, id);
          return;
        }
        if (!(OPEN_STATUSES as readonly string[]).includes(application.status)) throw conflict('application_closed', 'The application is already decided or withdrawn.');
        await repo.updateApplication(tx, id, { status: 'withdrawn', updated_at: clock.now() });
        await record(tx, application, 'withdrawn', session.personId);
      });
    },

    async provideSupplement(session: SessionContext, id: string, text: string): Promise<void> {
      const body = text.trim();
      if (!body || body.length > 4000) throw invalidInput([{ field: 'supplement', message: 'Enter the information asked for.' }]);
      await inTransaction(db, async (tx) => {
        const { application } = await load(id, tx, true);
        if (application.applicant_id !== session.personId) throw notFound('The application');
        if (application.status !== 'supplement_requested') throw conflict('no_supplement_requested', 'Nothing was asked of you on this application.');
        await repo.updateApplication(tx, id, { status: 'in_review', updated_at: clock.now() });
        await record(tx, application, 'supplement_provided', session.personId, body, false);
      });
    },

    async assign(session: SessionContext, id: string): Promise<void> {
      await inTransaction(db, async (tx) => {
        const { application } = await handled(tx, session, id);
        if (application.status !== 'received') throw conflict('already_assigned', 'The application is already assigned.');
        await repo.updateApplication(tx, id, { status: 'assigned', assigned_official_id: session.personId, updated_at: clock.now() });
        await record(tx, application, 'assigned', session.personId);
      });
    },

    async startReview(session: SessionContext, id: string): Promise<void> {
      await inTransaction(db, async (tx) => {
        const { application } = await handled(tx, session, id);
        if (application.status !== 'assigned') throw conflict('not_assigned', 'Assign the application before reviewing it.');
        await repo.updateApplication(tx, id, { status: 'in_review', updated_at: clock.now() });
        await record(tx, application, 'in_review', session.personId);
      });
    },

    async requestSupplement(session: SessionContext, id: string, note: string): Promise<void> {
      const text = note.trim();
      if (!text || text.length > 2000) throw invalidInput([{ field: 'note', message: 'Say what the applicant needs to add.' }]);
      await inTransaction(db, async (tx) => {
        const { application } = await handled(tx, session, id);
        if (application.status === 'supplement_requested') throw conflict('supplement_already_requested', 'A supplement is already awaited.');
        await repo.updateApplication(tx, id, { status: 'supplement_requested', updated_at: clock.now() });
        await record(tx, application, 'supplement_requested', session.personId, text);
      });
    },

    /**
     * Approves or refuses, with reasons; a refusal must state the remedy. The decision is signed
     * with the official's certificate for the agency (fresh passkey check; the kernel records the
     * signature in the log) and the decision itself is logged.
     */
    async decide(session: SessionContext, id: string, input: { decision: string; reasons: string; remedy: string }): Promise<void> {
      const reasons = input.reasons.trim();
      const remedy = input.remedy.trim();
      const fields = [];
      if (input.decision !== 'approved' && input.decision !== 'refused') fields.push({ field: 'decision', message: 'Choose approve or refuse.' });
      if (!reasons || reasons.length > 4000) fields.push({ field: 'reasons', message: 'Give the reasons for the decision.' });
      if (input.decision === 'refused' && (!remedy || remedy.length > 2000)) fields.push({ field: 'remedy', message: 'Say how the applicant can challenge a refusal.' });
      if (fields.length) throw invalidInput(fields);
      const current = await load(id);
      if (!session.officialOf.includes(current.application.agency_id)) throw notFound('The application');
      if (current.application.status === 'supplement_requested') throw conflict('awaiting_supplement', 'The application waits for the applicant’s supplement.');
      const decidedAt = clock.now();
      const document = {
        type: 'nara.gov24.decision', applicationId: id, applicationNumber: current.application.number, service: current.service.code,
        agencyId: current.application.agency_id, decision: input.decision, reasons, remedy: input.decision === 'refused' ? remedy : null,
        applicationSha256: current.application.document_sha256, decidedAt: decidedAt.toISOString(),
      };
      // Outside the transaction: signing awaits the key store and the log.
      const signed = await kernel.pki.signing.signJson(session, document, { organisationId: current.application.agency_id });
      await inTransaction(db, async (tx) => {
        const { application } = await handled(tx, session, id);
        if (application.status === 'supplement_requested') throw conflict('awaiting_supplement', 'The application waits for the applicant’s supplement.');
        const decided = { ...application, status: input.decision, decided_at: decidedAt };
        await repo.updateApplication(tx, id, {
          status: input.decision, decision: input.decision, decision_reasons: reasons, decision_remedy: input.decision === 'refused' ? remedy : null,
          decision_jws: signed.jws, decision_certificate_serial: signed.certificate.serial, decided_at: decidedAt, updated_at: decidedAt,
        });
        await kernel.transparencyLog.appendInTx(tx, applicationDecidedEvent(decided, `sha256:${signed.documentSha256}`));
        await record(tx, decided, input.decision, session.personId);
      });
    },

    /** The log receipt of the submission, or null while the log has not integrated it yet. */
    async receipt(session: SessionContext, id: string): Promise<{ row: ApplicationRow; receipt: Receipt | null }> {
      const { application: row } = await load(id);
      if (row.applicant_id !== session.personId || row.log_pending_id === null) throw notFound('The receipt');
      try {
        return { row, receipt: await kernel.transparencyLog.receiptFor({ pendingId: row.log_pending_id }) };
      } catch (error) {
        if (error instanceof DomainError && (error.code === 'log_entry_pending' || error.code === 'log_not_ready')) return { row, receipt: null };
        throw error;
      }
    },

    agencyIdByCode,
  };
  return service;
}

export type Gov24Service = ReturnType<typeof createGov24Service>;
export type { Answers };
