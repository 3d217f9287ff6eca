import type { Kernel } from '../../kernel/kernel.js';
import { invalidInput } from '../../kernel/http/errors.js';
import { agencyStatistics } from './epeople.statistics.repository.js';

export interface AgencyStatistics {
  agencyId: string;
  agencyCode: string;
  nameEn: string;
  nameKo: string;
  received: number;
  answered: number;
  answeredOnTime: number;
  /** Of the cases answered, the share answered by their due time (0-100, one decimal); null with none answered. */
  answeredOnTimePercent: number | null;
  /** Median hours from receipt to answer (one decimal); null with none answered. */
  medianHoursToAnswer: number | null;
  extensionsUsed: number;
  casesExtended: number;
  rated: number;
  satisfied: number;
}

export interface StatisticsReport {
  year: number;
  generatedAt: string;
  agencies: AgencyStatistics[];
}

const round1 = (n: number) => Math.round(n * 10) / 10;

/** First and last year the statistics page offers. */
export const FIRST_STATISTICS_YEAR = 2000;

/** The public statistics of one calendar year (Korean time), per agency. */
export async function statisticsForYear(kernel: Kernel, year: number): Promise<StatisticsReport> {
  const now = kernel.clock.now();
  if (!Number.isInteger(year) || year < FIRST_STATISTICS_YEAR || year > now.getUTCFullYear() + 1) {
    throw invalidInput([{ field: 'year', message: `Choose a year from ${FIRST_STATISTICS_YEAR} to this year.` }]);
  }
  const from = new Date(`${year}-01-01T00:00:00+09:00`);
  const to = new Date(`${year + 1}-01-01T00:00:00+09:00`);
  const rows = await agencyStatistics(kernel.db, { from, to });
  const orgs = new Map((await kernel.identity.listOrganisations()).map((o) => [o.id, o]));
  return {
    year,
    generatedAt: now.toISOString(),
    agencies: rows.map((r) => {
      const org = orgs.get(r.agency_id);
      return {
        agencyId: r.agency_id,
        agencyCode: org?.code ?? '',
        nameEn: org?.name_en ?? '',
        nameKo: org?.name_ko ?? '',
        received: r.received,
        answered: r.answered,
        answeredOnTime: r.answered_on_time,
        answeredOnTimePercent: r.answered > 0 ? round1((100 * r.answered_on_time) / r.answered) : null,
        medianHoursToAnswer: r.median_seconds === null ? null : round1(r.median_seconds / 3600),
        extensionsUsed: r.extensions_used,
        casesExtended: r.cases_extended,
        rated: r.rated,
        satisfied: r.satisfied,
      };
    }),
  };
}
