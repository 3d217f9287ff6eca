import type { Context } from 'hono';
import type { ApiClientContext, AppEnv, SessionContext } from '../http/context.js';
import { forbidden, unauthenticated } from '../http/errors.js';

/**
 * Who may do what. Default deny: an action not in the table, or a rule that does not say yes,
 * refuses. Role grants are scoped to one organisation and do NOT flow down the hierarchy: an
 * agency_admin of a province administers the province, not its city districts (each district
 * names its own admins). Platform-wide grants (organisation null) cover every organisation.
 */
export type Action =
  | 'account.view'
  | 'official.start.view'
  | 'agency.admin.view'
  | 'agency.officials.manage'
  | 'agency.certificates.manage'
  | 'vendor.act'
  | 'audit.view'
  | 'jobs.view'
  | 'platform.admin'
  | 'oidc.clients.manage'
  | 'api.me.view';

export interface Resource {
  /** The organisation the action touches (an agency, a business). */
  organisationId?: string;
}

export type Actor = SessionContext | ApiClientContext | null;

const isPerson = (a: Actor): a is SessionContext => a !== null && 'personId' in a;
const isClient = (a: Actor): a is ApiClientContext => a !== null && 'clientId' in a;

/** A grant of `role` platform-wide, or scoped to exactly `organisationId`. */
export function hasRole(actor: SessionContext, role: string, organisationId?: string): boolean {
  return actor.roles.some((g) => g.role === role && (g.organisationId === null || (organisationId !== undefined && g.organisationId === organisationId)));
}

const isPlatformAdmin = (a: SessionContext) => a.roles.some((g) => g.role === 'platform_admin' && g.organisationId === null);

type Rule = (actor: Actor, resource: Resource) => boolean;

const rules: Record<Action, Rule> = {
  'account.view': (a) => isPerson(a),
  'official.start.view': (a) => isPerson(a) && a.officialOf.length > 0,
  'agency.admin.view': (a, r) =>
    isPerson(a) && r.organisationId !== undefined && (isPlatformAdmin(a) || hasRole(a, 'agency_admin', r.organisationId)),
  'agency.officials.manage': (a, r) =>
    isPerson(a) && r.organisationId !== undefined && (isPlatformAdmin(a) || hasRole(a, 'agency_admin', r.organisationId)),
  'agency.certificates.manage': (a, r) =>
    isPerson(a) && r.organisationId !== undefined && (isPlatformAdmin(a) || hasRole(a, 'agency_admin', r.organisationId)),
  'vendor.act': (a, r) => isPerson(a) && r.organisationId !== undefined && a.roles.some((g) => g.role === 'vendor' && g.organisationId === r.organisationId),
  'audit.view': (a) => isPerson(a) && (isPlatformAdmin(a) || a.roles.some((g) => g.role === 'auditor')),
  'jobs.view': (a) => isPerson(a) && (isPlatformAdmin(a) || a.roles.some((g) => g.role === 'auditor' && g.organisationId === null)),
  'platform.admin': (a) => isPerson(a) && isPlatformAdmin(a),
  'oidc.clients.manage': (a) => isPerson(a) && isPlatformAdmin(a),
  'api.me.view': (a) => isPerson(a) || isClient(a),
};

export const ACTIONS = Object.keys(rules) as Action[];

export function can(actor: Actor, action: Action, resource: Resource = {}): boolean {
  const rule = Object.hasOwn(rules, action) ? rules[action] : undefined;
  return rule ? rule(actor, resource) : false;
}

/** The request's actor: the signed-in person, else the API client, else nobody. */
export function actorOf(c: Context<AppEnv>): Actor {
  return c.get('session') ?? c.get('apiClient') ?? null;
}

/** Throws 401 when nobody is signed in, 403 when the actor may not; returns the actor otherwise. */
export function authorize(c: Context<AppEnv>, action: Action, resource: Resource = {}): NonNullable<Actor> {
  const actor = actorOf(c);
  if (!actor) throw unauthenticated();
  if (!can(actor, action, resource)) throw forbidden();
  return actor;
}

/** The signed-in person or a 401 (pages turn that into a redirect to /sign-in). */
export function requireSession(c: Context<AppEnv>): SessionContext {
  const session = c.get('session');
  if (!session) throw unauthenticated();
  return session;
}
