import type { SessionContext } from '../../kernel/http/context.js';
import type { Kernel } from '../../kernel/kernel.js';
import { findEpeopleCase, listOpenEpeopleCases, type EpeopleCaseSummary } from '../epeople/index.js';

/** A case the official may look up for, with the name of the person it concerns. */
export type DeskCase = EpeopleCaseSummary & { filerName: string };

/**
 * The lookup desk's view of cases: the open e-People cases of the official's agencies, and one case
 * by id when it is held by one of them. The lookup itself checks the case again (no case, no lookup).
 */
export function createCaseDesk(kernel: Kernel) {
  const withName = async (c: EpeopleCaseSummary): Promise<DeskCase> => ({ ...c, filerName: (await kernel.identity.getPerson(c.filerId))?.displayName ?? '' });
  return {
    async openCases(session: SessionContext): Promise<DeskCase[]> {
      const lists = await Promise.all(session.officialOf.map((agencyId) => listOpenEpeopleCases(kernel.db, agencyId, 20)));
      return Promise.all(lists.flat().map(withName));
    },
    async caseFor(session: SessionContext, caseId: string): Promise<DeskCase | undefined> {
      const found = await findEpeopleCase(kernel.db, caseId);
      if (!found || found.agencyId === null || !session.officialOf.includes(found.agencyId) || found.status === 'closed') return undefined;
      return withName(found);
    },
  };
}
