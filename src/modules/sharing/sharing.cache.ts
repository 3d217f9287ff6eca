import type { Kernel } from '../../kernel/kernel.js';
import type { Organisation } from '../../kernel/identity/identity.tables.js';
import { createTtlCache } from './sharing.batch.js';
import * as repo from './sharing.repository.js';
import type { ApprovalRow } from './sharing.tables.js';

/**
 * What every lookup reads and rarely changes, kept in memory per process. Approvals are kept a few
 * seconds (and dropped at once when this process applies or decides), so a revoked approval stops
 * lookups on other processes within that time; expiry is still checked against the lookup's own
 * time on every lookup. People and agencies are kept a minute: they are only checked to exist and
 * for their names.
 */
const APPROVALS_TTL_MS = 5_000;
const DIRECTORY_TTL_MS = 60_000;

function createCaches(kernel: Kernel) {
  const approvals = createTtlCache(APPROVALS_TTL_MS, (key: string) => {
    const [consumerId, serviceCode] = JSON.parse(key) as [string, string];
    return repo.approvalsForService(kernel.db, consumerId, serviceCode);
  });
  const people = createTtlCache(DIRECTORY_TTL_MS, async (id: string) => (await kernel.identity.getPerson(id)) != null);
  const organisations = createTtlCache(DIRECTORY_TTL_MS, async (id: string): Promise<Organisation | undefined> => (await kernel.identity.getOrganisation(id)) ?? undefined);
  return {
    /** Every approval (any status) a consumer holds for one service. */
    approvalsForService: (consumerId: string, serviceCode: string): Promise<ApprovalRow[]> => approvals.get(JSON.stringify([consumerId, serviceCode])),
    personExists: async (id: string): Promise<boolean> => {
      const exists = await people.get(id);
      if (!exists) people.delete(id); // a person registered a moment later is found next time
      return exists;
    },
    organisation: (id: string) => organisations.get(id),
    forgetApprovals: () => approvals.clear(),
  };
}

const caches = new WeakMap<Kernel, ReturnType<typeof createCaches>>();

export function sharingCaches(kernel: Kernel): ReturnType<typeof createCaches> {
  let found = caches.get(kernel);
  if (!found) caches.set(kernel, (found = createCaches(kernel)));
  return found;
}
