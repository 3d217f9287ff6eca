import { fileURLToPath } from 'node:url';
import type { DbOrTx } from '../../kernel/db/database.js';
import { LOCALES } from '../../kernel/i18n/locales.js';
import type { Kernel } from '../../kernel/kernel.js';
import type { ModuleManifest } from '../../kernel/module.js';
import { findCase, listCaseEvents, listOpenCasesOf } from './epeople.repository.js';
import { registerOpen311Routes } from './epeople.open311.js';
import { registerEpeopleRoutes } from './epeople.routes.js';
import { registerLiveRoutes } from './epeople.live.routes.js';
import { registerReviewRoutes } from './epeople.review.routes.js';
import { createAttachmentService } from './epeople.attachments.js';
import { registerAttachmentRoutes } from './epeople.attachments.routes.js';
import { registerStatisticsRoutes } from './epeople.statistics.routes.js';
import { createEpeopleService } from './epeople.service.js';
import { protectionSections } from './epeople.whistle.pages.js';
import { registerProtectionRoutes } from './epeople.whistle.routes.js';
import { createProtectionService } from './epeople.whistle.service.js';
import { CLOCK_SWEEP_JOB, registerClockSweep } from './epeople.sweep.js';
import { DEFAULT_EPEOPLE_SETTINGS, type EpeopleSettings } from './epeople.types.js';
import type { CaseRow } from './epeople.tables.js';
import './epeople.tables.js';
import './epeople.whistle.tables.js';

export { CLOCK_SWEEP_JOB };
export { seedEpeopleDemo } from './epeople.seed.js';
export { seedProtectionOfficersDemo } from './epeople.whistle.seed.js';
export { KOREA_CALENDAR, KOREA_HOLIDAYS_2026_2027, withHolidays, type WorkingCalendar } from './epeople.calendar.js';
export { DEFAULT_CASE_TYPES, DEFAULT_EPEOPLE_SETTINGS, type CaseTypeRule, type EpeopleSettings } from './epeople.types.js';

const here = (relative: string) => fileURLToPath(new URL(relative, import.meta.url));

/**
 * e-People: one window for complaints, proposals, inquiries, reports and appeals to any agency,
 * routed to the competent one and answered against the statutory clock. A deployment passes its
 * own case types, periods, calendar and triage body.
 */
export function createEpeopleManifest(settings: Partial<EpeopleSettings> = {}): ModuleManifest {
  const merged: EpeopleSettings = { ...DEFAULT_EPEOPLE_SETTINGS, ...settings };
  return {
    name: 'epeople',
    migrations: { owner: 'epeople', dir: here('./migrations') },
    // The whole citizen journey in every language Nara speaks (issue: e-People in 14 languages).
    messages: { owner: 'epeople', dir: here('./messages'), locales: LOCALES },
    create(kernel: Kernel) {
      const service = createEpeopleService(kernel, merged);
      const protection = createProtectionService(kernel, service);
      const attachments = createAttachmentService(kernel, service);
      registerClockSweep(kernel, merged);
      return {
        name: 'epeople',
        register: (app) => {
          // Before the filing routes, so /epeople/file/attachments is not taken for a question page.
          registerAttachmentRoutes(app, attachments);
          registerEpeopleRoutes(app, service, attachments, protectionSections(protection));
          registerProtectionRoutes(app, service, protection);
          registerOpen311Routes(app, service);
          registerStatisticsRoutes(app, kernel);
          registerLiveRoutes(app, service);
          registerReviewRoutes(app, service);
        },
        serviceLinks: [{ href: '/epeople', titleKey: 'ui.area.complaints.title', descriptionKey: 'ui.area.complaints.description' }],
      };
    },
  };
}

export const epeopleModule: ModuleManifest = createEpeopleManifest();

/** What another module may know of a case it acts on: who filed it, which agency holds it, its status. */
export interface EpeopleCaseSummary {
  id: string;
  number: string;
  filerId: string;
  agencyId: string | null;
  status: string;
  type: string;
  title: string;
  receivedAt: Date;
}

/** A case by id for another module (information sharing binds each lookup to an open case), or undefined. */
export async function findEpeopleCase(db: DbOrTx, caseId: string): Promise<EpeopleCaseSummary | undefined> {
  const row = await findCase(db, caseId);
  // A sealed report has no filer of record: nothing may be looked up about its reporter.
  return row && hasFiler(row) ? toSummary(row) : undefined;
}

const hasFiler = (row: CaseRow): row is CaseRow & { filer_id: string } => row.filer_id !== null;

const toSummary = (row: CaseRow & { filer_id: string }): EpeopleCaseSummary => ({
  id: row.id, number: row.number, filerId: row.filer_id, agencyId: row.agency_id, status: row.status, type: row.type, title: row.title, receivedAt: row.received_at,
});

/** An agency's cases not yet answered or closed, soonest due first (information sharing offers them to look up for). */
export async function listOpenEpeopleCases(db: DbOrTx, agencyId: string, limit = 50): Promise<EpeopleCaseSummary[]> {
  return (await listOpenCasesOf(db, agencyId, limit)).filter(hasFiler).map(toSummary);
}

/**
 * Whether an official acted on the case at or after `since` (information sharing's "lookup with no
 * later action" alert): any event recorded by a person other than the filer (assignment, transfer,
 * request for a supplement, extension, answer), or the case being closed. Automatic events
 * (routing, the clock sweep's notices and escalations) and the filer's own steps do not count.
 */
export async function hasEpeopleCaseActionSince(db: DbOrTx, caseId: string, since: Date): Promise<boolean> {
  const row = await findCase(db, caseId);
  if (!row) return false;
  return (await listCaseEvents(db, caseId)).some((e) => e.at >= since && ((e.actor_id !== null && e.actor_id !== row.filer_id) || e.kind === 'closed'));
}
