import type { Db } from '../db/database.js';
import type { Clock } from '../clock.js';
import type { SessionContext } from '../http/context.js';
import { notFound, reauthenticationRequired } from '../http/errors.js';
import { newId, randomToken, sha256Hex } from './identity.crypto.js';
import type { IdentityService } from './identity.service.js';
import { createSessionRepository } from './session.repository.js';

/** A session ends after this long without a request. */
export const SESSION_IDLE_SECONDS = 30 * 60;
/** ...and this long after sign-in whatever happens. */
export const SESSION_ABSOLUTE_SECONDS = 12 * 60 * 60;
/** last_seen_at is written at most this often, so every page view is not a write. */
const TOUCH_EVERY_MS = 60_000;

export interface IssuedSession {
  sessionId: string;
  /** Goes in the cookie only; the database keeps its SHA-256. */
  token: string;
  expiresAt: Date;
}

export interface SessionSummary {
  id: string;
  createdAt: Date;
  lastSeenAt: Date;
  userAgent: string | null;
  ip: string | null;
  isDemo: boolean;
  isCurrent: boolean;
}

export function createSessionService(deps: { db: Db; clock: Clock; directory: IdentityService }) {
  const repo = createSessionRepository(deps.db);

  return {
    async issueSession(personId: string, meta: { userAgent?: string | null; ip?: string | null; isDemo?: boolean } = {}): Promise<IssuedSession> {
      const now = deps.clock.now();
      const token = randomToken();
      const sessionId = newId('ses');
      const expiresAt = new Date(now.getTime() + SESSION_ABSOLUTE_SECONDS * 1000);
      await repo.insert({
        id: sessionId,
        token_hash: sha256Hex(token),
        person_id: personId,
        created_at: now,
        last_seen_at: now,
        authenticated_at: now,
        expires_at: expiresAt,
        user_agent: meta.userAgent?.slice(0, 300) ?? null,
        ip: meta.ip ?? null,
        is_demo: meta.isDemo ?? false,
      });
      return { sessionId, token, expiresAt };
    },

    /** The signed-in context for a cookie token, or null if it is unknown, revoked, idle or expired. */
    async resolveSession(token: string): Promise<SessionContext | null> {
      if (!/^[A-Za-z0-9_-]{43}$/.test(token)) return null;
      const row = await repo.findByTokenHash(sha256Hex(token));
      const now = deps.clock.now();
      if (!row || row.revoked_at || row.expires_at <= now) return null;
      if (now.getTime() - row.last_seen_at.getTime() > SESSION_IDLE_SECONDS * 1000) return null;
      if (now.getTime() - row.last_seen_at.getTime() > TOUCH_EVERY_MS) await repo.touch(row.id, now);
      const [roles, posts] = await Promise.all([deps.directory.rolesOf(row.person_id), deps.directory.officialPostsOf(row.person_id)]);
      return {
        sessionId: row.id,
        personId: row.person_id,
        displayName: row.display_name,
        authenticatedAt: row.authenticated_at,
        roles,
        officialOf: posts.map((p) => p.organisationId),
        isDemo: row.is_demo,
      };
    },

    async revokeSession(sessionId: string, personId: string): Promise<void> {
      if (!(await repo.revoke(sessionId, personId, deps.clock.now()))) throw notFound('The session');
    },

    async listSessions(personId: string, currentSessionId: string): Promise<SessionSummary[]> {
      const now = deps.clock.now();
      const rows = await repo.listLive(personId, now);
      return rows
        .filter((r) => now.getTime() - r.last_seen_at.getTime() <= SESSION_IDLE_SECONDS * 1000)
        .map((r) => ({
          id: r.id,
          createdAt: r.created_at,
          lastSeenAt: r.last_seen_at,
          userAgent: r.user_agent,
          ip: r.ip,
          isDemo: r.is_demo,
          isCurrent: r.id === currentSessionId,
        }));
    },

    /** After a passkey check: the session counts as freshly authenticated. */
    async markAuthenticated(sessionId: string): Promise<void> {
      await repo.markAuthenticated(sessionId, deps.clock.now());
    },

    /** Throws `reauthentication_required` unless the session proved presence in the last `maxAgeSeconds`. */
    requireFreshAuthentication(session: SessionContext, maxAgeSeconds: number): void {
      requireFreshAuthentication(session, maxAgeSeconds, deps.clock.now());
    },
  };
}

/** For sensitive actions (signing, key changes): demands a recent passkey check. */
export function requireFreshAuthentication(session: SessionContext, maxAgeSeconds: number, now: Date): void {
  if (now.getTime() - session.authenticatedAt.getTime() > maxAgeSeconds * 1000) throw reauthenticationRequired();
}

export type SessionService = ReturnType<typeof createSessionService>;
