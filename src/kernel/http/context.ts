import type { Translate, TranslationTally } from '../i18n/i18n.js';
import type { Locale } from '../i18n/locales.js';

export const SESSION_COOKIE = 'nara_session';
export const LOCALE_COOKIE = 'nara_lang';

/** Who is signed in, as every route and page sees it. Filled by the identity kernel. */
export interface SessionContext {
  sessionId: string;
  personId: string;
  displayName: string;
  /** When the person last proved presence with a passkey (or demo sign-in). */
  authenticatedAt: Date;
  /** Role grants, each scoped to an organisation (null scope = platform-wide). */
  roles: { role: string; organisationId: string | null }[];
  /** Official posts held by this person (agency ids), empty for a citizen. */
  officialOf: string[];
  isDemo: boolean;
}

/** Authenticated API client (an agency system), when the request carries a client assertion. */
export interface ApiClientContext {
  clientId: string;
  organisationId: string;
  scopes: string[];
}

export interface AppVariables {
  requestId: string;
  locale: Locale;
  /** Translator for the request's locale. */
  t: Translate;
  /** How many messages of this request came in its locale and how many fell back to English. */
  translationTally: TranslationTally;
  csrfToken: string;
  csrfFresh: boolean;
  session: SessionContext | null;
  apiClient: ApiClientContext | null;
}

export type AppEnv = { Variables: AppVariables };
