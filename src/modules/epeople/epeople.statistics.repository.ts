import { sql } from 'kysely';
import type { DbOrTx } from '../../kernel/db/database.js';

export interface AgencyStatisticsRow {
  agency_id: string;
  received: number;
  answered: number;
  answered_on_time: number;
  median_seconds: number | null;
  extensions_used: number;
  cases_extended: number;
  rated: number;
  satisfied: number;
}

/**
 * Per agency (the one a case is with now, so a transferred case counts where it ended), over
 * cases received in [from, to): received, answered, answered by the due time, the median time
 * from receipt to answer, extensions used, and the filers' ratings. One grouped scan.
 */
export async function agencyStatistics(db: DbOrTx, range: { from: Date; to: Date }): Promise<AgencyStatisticsRow[]> {
  const { rows } = await sql<Record<keyof AgencyStatisticsRow, string | number | null>>`
    select agency_id,
      count(*) as received,
      count(answered_at) as answered,
      count(*) filter (where answered_at is not null and answered_at <= due_at) as answered_on_time,
      percentile_cont(0.5) within group (order by extract(epoch from (answered_at - received_at)))
        filter (where answered_at is not null) as median_seconds,
      coalesce(sum(extensions), 0) as extensions_used,
      count(*) filter (where extensions > 0) as cases_extended,
      count(satisfaction) as rated,
      count(*) filter (where satisfaction = 'satisfied') as satisfied
    from epeople_case
    where agency_id is not null and received_at >= ${range.from} and received_at < ${range.to}
    group by agency_id
    order by count(*) desc, agency_id`.execute(db);
  return rows.map((r) => ({
    agency_id: String(r.agency_id),
    received: Number(r.received),
    answered: Number(r.answered),
    answered_on_time: Number(r.answered_on_time),
    median_seconds: r.median_seconds === null ? null : Number(r.median_seconds),
    extensions_used: Number(r.extensions_used),
    cases_extended: Number(r.cases_extended),
    rated: Number(r.rated),
    satisfied: Number(r.satisfied),
  }));
}
