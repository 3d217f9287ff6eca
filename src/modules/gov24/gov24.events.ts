import type { LogEvent } from '../../kernel/trust/log/log.events.js';
import type { ApplicationRow } from './gov24.tables.js';

/**
 * `gov24.application-submitted`: an application was received by its agency. Only ids, the number,
 * the hash of the document the applicant confirmed and the applicant as a salted commitment (the
 * applicant holds the salt): no name, no answers, no facts.
 */
export function applicationSubmittedEvent(row: ApplicationRow, subject: string): LogEvent {
  return {
    type: 'gov24.application-submitted',
    at: row.submitted_at!.toISOString(),
    agency: row.agency_id,
    refs: { applicationId: row.id, applicationNumber: row.number!, serviceId: row.service_id, sha256: row.document_sha256! },
    subject,
  };
}

/** `gov24.application-approved` / `-refused`: the agency decided; refs the signed decision's hash. */
export function applicationDecidedEvent(row: Pick<ApplicationRow, 'id' | 'number' | 'agency_id' | 'status' | 'decided_at'>, decisionSha256: string): LogEvent {
  return {
    type: `gov24.application-${row.status}`,
    at: row.decided_at!.toISOString(),
    agency: row.agency_id,
    refs: { applicationId: row.id, applicationNumber: row.number!, decisionSha256 },
  };
}
