import type { LogEvent } from '../../kernel/trust/log/log.events.js';
import type { CaseRow } from './epeople.tables.js';

/**
 * `epeople.case-filed.<type>`: a case was received. It carries only the case id and number, the
 * agency, the time and a salted content hash: no name, no text, no address. The filer holds the
 * salt (in the receipt download), so they alone can show which text the hash stands for.
 */
export function caseFiledEvent(row: Pick<CaseRow, 'id' | 'number' | 'type' | 'agency_id' | 'received_at'>, contentHash: string): LogEvent {
  return {
    type: `epeople.case-filed.${row.type.replaceAll('_', '-')}`,
    at: row.received_at.toISOString(),
    agency: row.agency_id ?? 'platform',
    refs: { caseId: row.id, caseNumber: row.number, sha256: contentHash },
  };
}
