import { createRoute, z, type OpenAPIHono } from '@hono/zod-openapi';
import type { AppEnv } from '../http/context.js';
import { LOCALES } from '../i18n/locales.js';
import type { Kernel } from '../kernel.js';
import { authorize, requireSession } from './policy.js';

const grant = z.object({ role: z.string(), organisationId: z.string().nullable() });

const personMe = z
  .object({
    kind: z.literal('person'),
    id: z.string(),
    displayName: z.string(),
    email: z.string().nullable(),
    phone: z.string().nullable(),
    locale: z.enum(LOCALES),
    roles: z.array(grant),
    officialOf: z.array(z.string()),
    isDemoSession: z.boolean(),
  })
  .openapi('PersonMe');

const clientMe = z
  .object({ kind: z.literal('api_client'), clientId: z.string(), organisationId: z.string(), scopes: z.array(z.string()) })
  .openapi('ApiClientMe');

const me = z.discriminatedUnion('kind', [personMe, clientMe]).openapi('Me');

const meUpdate = z
  .strictObject({
    email: z.email().max(254).nullable().optional(),
    phone: z.string().regex(/^\+?[0-9][0-9 ()-]{3,19}$/, 'A phone number is 4 to 20 digits, spaces, brackets or dashes.').nullable().optional(),
    locale: z.enum(LOCALES).optional(),
  })
  .openapi('MeUpdate');

const problem = { description: 'A problem (application/problem+json).', content: { 'application/problem+json': { schema: z.looseObject({ code: z.string(), detail: z.string() }) } } };
const security: Record<string, string[]>[] = [{ sessionCookie: [] }, { clientAssertion: [] }];

const getMe = createRoute({
  method: 'get',
  path: '/api/v1/me',
  summary: 'Who am I',
  description: 'The signed-in person, or the agency system whose client assertion authenticated the request.',
  tags: ['Identity'],
  security,
  responses: { 200: { description: 'The caller.', content: { 'application/json': { schema: me } } }, 401: problem },
});

const patchMe = createRoute({
  method: 'patch',
  path: '/api/v1/me',
  summary: 'Update my contact details',
  description: 'A signed-in person changes their email, phone or preferred language. Unknown fields are refused with 422.',
  tags: ['Identity'],
  security: [{ sessionCookie: [] }],
  request: { body: { required: true, content: { 'application/json': { schema: meUpdate } } } },
  responses: { 200: { description: 'The updated person.', content: { 'application/json': { schema: personMe } } }, 401: problem, 403: problem, 422: problem },
});

export function registerMeRoutes(app: OpenAPIHono<AppEnv>, kernel: Kernel): void {
  app.openAPIRegistry.registerComponent('securitySchemes', 'clientAssertion', {
    type: 'http',
    scheme: 'bearer',
    bearerFormat: 'JWT',
    description:
      'An agency system signs a short JWT with its registered key (ES256 or EdDSA) and sends it as `Authorization: Bearer <jwt>`. ' +
      `Claims: iss = sub = the client id, aud = ${kernel.config.publicUrl}/api/v1, exp at most 5 minutes ahead, and a unique jti: ` +
      'each assertion is accepted once. Expired, replayed, wrongly addressed or badly signed assertions get 401 invalid_client_assertion.',
  });
  app.openAPIRegistry.registerComponent('securitySchemes', 'sessionCookie', {
    type: 'apiKey',
    in: 'cookie',
    name: 'nara_session',
    description: 'The browser session of a signed-in person. Unsafe requests also need the X-CSRF-Token header.',
  });

  const personBody = async (personId: string, isDemo: boolean, roles: z.infer<typeof grant>[], officialOf: string[]) => {
    const person = await kernel.identity.getPerson(personId);
    return {
      kind: 'person' as const,
      id: personId,
      displayName: person?.displayName ?? '',
      email: person?.email ?? null,
      phone: person?.phone ?? null,
      locale: person?.locale ?? 'ko',
      roles,
      officialOf,
      isDemoSession: isDemo,
    };
  };

  app.openapi(getMe, async (c) => {
    const actor = authorize(c, 'api.me.view');
    if ('clientId' in actor) {
      return c.json({ kind: 'api_client' as const, clientId: actor.clientId, organisationId: actor.organisationId, scopes: actor.scopes }, 200);
    }
    return c.json(await personBody(actor.personId, actor.isDemo, actor.roles, actor.officialOf), 200);
  });

  app.openapi(patchMe, async (c) => {
    if (!c.get('session')) authorize(c, 'account.view');
    const session = requireSession(c);
    const changes = c.req.valid('json');
    await kernel.identity.updateContact(session.personId, changes);
    return c.json(await personBody(session.personId, session.isDemo, session.roles, session.officialOf), 200);
  });
}
