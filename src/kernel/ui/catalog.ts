import { fileURLToPath } from 'node:url';
import type { CatalogSource } from '../i18n/i18n.js';
import { LOCALES } from '../i18n/locales.js';

/** The UI shell's messages (layout, components, home, error pages), in every supported language. */
export const uiCatalogSource: CatalogSource = {
  owner: 'kernel.ui',
  dir: fileURLToPath(new URL('./messages', import.meta.url)),
  locales: LOCALES,
};
