import { inTransaction, type Db } from '../../kernel/db/database.js';
import { newId } from '../../kernel/identity/identity.crypto.js';
import { searchTextOf } from './gov24.catalogue.js';
import { demoCatalogue } from './gov24.demo-catalogue.js';
import * as repo from './gov24.repository.js';

/** Publishes the demo catalogue (version 1 of each service) once; a second run changes nothing. */
export async function seedGov24Demo(db: Db, options: { agencyIdByCode: Map<string, string>; now: Date }): Promise<number> {
  if ((await repo.countServices(db)).all > 0) return 0;
  const catalogue = demoCatalogue().filter((d) => options.agencyIdByCode.has(d.agencyCode));
  await inTransaction(db, async (tx) => {
    for (const d of catalogue) {
      const id = newId('svc');
      await repo.insertService(tx, {
        id, code: d.code, agency_id: options.agencyIdByCode.get(d.agencyCode)!, category: d.category, life_event: d.lifeEvent, age_group: d.ageGroup,
        is_applicable: d.form.length > 0, current_version: 1, name_en: d.name.en, name_ko: d.name.ko, search_text: searchTextOf(d),
      });
      await repo.insertServiceVersion(tx, id, 1, d, options.now);
    }
  });
  return catalogue.length;
}
