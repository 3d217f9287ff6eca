// Checks every message catalogue (kernel and modules) and the source that uses them. Exit 1 with
// a list when a key is missing in a locale, a message is not valid ICU, or source uses a key that
// no catalogue defines. Run by `npm test` (static step) and `npm run check:i18n`.
import { checkCatalogs } from '../src/kernel/i18n/catalog-check.js';
import { declaredLocales } from '../src/kernel/i18n/i18n.js';
import { LOCALES } from '../src/kernel/i18n/locales.js';
import { catalogSourcesFor } from '../src/kernel/kernel.js';
import { allModules } from '../src/modules/index.js';

const sources = catalogSourcesFor(allModules);
const result = checkCatalogs(sources, ['src']);
if (result.problems.length > 0) {
  console.error(`i18n: ${result.problems.length} problem(s):`);
  for (const p of result.problems) console.error(`  - ${p}`);
}
const summary = `i18n: ${sources.length} catalogue(s), ${LOCALES.length} locales, ${result.keyCount} keys, ` +
  `${result.usedKeys} literal keys used in ${result.sourceFiles} source files, ${result.problems.length} problem(s)`;
console.log(summary);
for (const source of sources) {
  const locales = declaredLocales(source);
  console.log(`  ${source.owner}: ${locales.length === LOCALES.length ? `all ${LOCALES.length} locales` : locales.join(', ')}`);
}
process.exit(result.problems.length > 0 ? 1 : 0);
