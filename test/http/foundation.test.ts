import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { createRoute, z } from '@hono/zod-openapi';
import { validate } from '@readme/openapi-parser';
import { createApp, MAX_BODY_BYTES } from '../../src/app.js';
import { CSRF_COOKIE, CSRF_FIELD } from '../../src/kernel/http/csrf.js';
import type { ModuleManifest } from '../../src/kernel/module.js';
import { allModules } from '../../src/modules/index.js';
import { createTestNara, type TestNara } from '../support/nara.js';

/**
 * A test-only module: one strict JSON endpoint and one page form, enough to exercise the shared
 * HTTP machinery (validation, body limit, CSRF, 404/405) without depending on a real service.
 */
const widget = z.strictObject({ name: z.string().min(1), count: z.number().int().min(0) }).openapi('FoundationWidget');
const foundationProbe: ModuleManifest = {
  name: 'foundation-probe',
  create: () => ({
    name: 'foundation-probe',
    register(app) {
      app.openapi(
        createRoute({
          method: 'post',
          path: '/api/v1/foundation-widgets',
          summary: 'Create a test widget',
          request: { body: { required: true, content: { 'application/json': { schema: widget } } } },
          responses: { 201: { description: 'Created', content: { 'application/json': { schema: widget } } } },
        }),
        (c) => c.json(c.req.valid('json'), 201),
      );
      app.get('/foundation/form', (c) => c.html(`<form method="post"><input name="${CSRF_FIELD}" value="${c.get('csrfToken')}"></form>`));
      app.post('/foundation/form', (c) => c.text('accepted'));
    },
  }),
};

const json = (body: unknown, headers: Record<string, string> = {}) => ({
  method: 'POST',
  headers: { 'content-type': 'application/json', ...headers },
  body: typeof body === 'string' ? body : JSON.stringify(body),
});

async function problemOf(res: Response) {
  assert.equal(res.headers.get('content-type'), 'application/problem+json');
  return (await res.json()) as { status: number; code: string; detail: string; errors?: { field: string; message: string }[]; requestId?: string };
}

describe('the HTTP foundation', () => {
  let nara: TestNara;
  before(async () => {
    nara = await createTestNara({ modules: [...allModules, foundationProbe] });
  });
  after(() => nara.close());

  test('/healthz answers while the process runs', async () => {
    const res = await nara.app.request('/healthz');
    assert.equal(res.status, 200);
    assert.deepEqual(await res.json(), { status: 'ok' });
  });

  test('/readyz is ready when the database answers and every migration is applied', async () => {
    const res = await nara.app.request('/readyz');
    assert.equal(res.status, 200);
    const body = (await res.json()) as { status: string; database: string };
    assert.equal(body.status, 'ready');
    assert.equal(body.database, nara.kernel.database.kind);
  });

  test('/readyz is 503 while a migration is pending', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'nara-pending-'));
    try {
      fs.writeFileSync(path.join(dir, '0001_not_yet.sql'), 'create table foundation_not_yet (id int);\n');
      const withPending: ModuleManifest = { name: 'pending', migrations: { owner: 'test.pending', dir }, create: () => ({ name: 'pending', register() {} }) };
      const app = createApp({ kernel: nara.kernel, modules: [...allModules, withPending] });
      const res = await app.request('/readyz');
      assert.equal(res.status, 503);
      const body = (await res.json()) as { status: string; reason: string };
      assert.equal(body.status, 'not_ready');
      assert.match(body.reason, /1 migration\(s\) not applied/);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  test('/metrics counts requests and times them by route pattern', async () => {
    await nara.app.request('/healthz');
    await nara.app.request('/api/v1/no-such-thing');
    const res = await nara.app.request('/metrics');
    assert.equal(res.status, 200);
    const text = await res.text();
    assert.match(text, /^nara_http_requests_total\{method="GET",route="\/healthz",status="200"\} \d+$/m);
    assert.match(text, /^nara_http_request_duration_seconds_bucket\{le="[\d.]+",method="GET",route="\/healthz",status="200"\} \d+$/m);
    assert.match(text, /^nara_http_request_duration_seconds_count\{method="GET",route="\/healthz",status="200"\} \d+$/m);
    assert.match(text, /route="unmatched",status="404"/);
    assert.doesNotMatch(text, /no-such-thing/, 'unknown paths do not become labels');
  });

  test('X-Request-Id is echoed when sensible and generated otherwise', async () => {
    const echoed = await nara.app.request('/healthz', { headers: { 'x-request-id': 'trace-abc.123' } });
    assert.equal(echoed.headers.get('x-request-id'), 'trace-abc.123');
    const generated = await nara.app.request('/healthz', { headers: { 'x-request-id': 'bad id <script>' } });
    assert.match(generated.headers.get('x-request-id') ?? '', /^[0-9a-f-]{36}$/);
    const problem = await problemOf(await nara.app.request('/api/v1/nothing', { headers: { 'x-request-id': 'req-42' } }));
    assert.equal(problem.requestId, 'req-42');
  });

  test('an unknown API route is a 404 problem with code route_not_found', async () => {
    const res = await nara.app.request('/api/v1/nothing-here');
    assert.equal(res.status, 404);
    const problem = await problemOf(res);
    assert.equal(problem.code, 'route_not_found');
    assert.equal(problem.status, 404);
  });

  test('an unknown page is a 404 HTML page for a browser', async () => {
    const res = await nara.app.request('/nothing-here', { headers: { accept: 'text/html' } });
    assert.equal(res.status, 404);
    assert.match(res.headers.get('content-type') ?? '', /^text\/html/);
    assert.match(await res.text(), /<html[\s\S]*<\/html>/);
  });

  test('a wrong method is a 405 with Allow', async () => {
    const api = await nara.app.request('/api/v1/foundation-widgets', { method: 'PUT' });
    assert.equal(api.status, 405);
    assert.match(api.headers.get('allow') ?? '', /POST/);
    assert.equal((await problemOf(api)).code, 'method_not_allowed');
    const page = await nara.app.request('/healthz', { method: 'DELETE' });
    assert.equal(page.status, 405);
    assert.match(page.headers.get('allow') ?? '', /GET/);
  });

  test('a valid JSON body is accepted', async () => {
    const res = await nara.app.request('/api/v1/foundation-widgets', json({ name: 'lamp', count: 2 }));
    assert.equal(res.status, 201);
    assert.deepEqual(await res.json(), { name: 'lamp', count: 2 });
  });

  test('malformed JSON is a 400 problem, never a 5xx', async () => {
    const res = await nara.app.request('/api/v1/foundation-widgets', json('{"name": "lamp",'));
    assert.equal(res.status, 400);
    assert.equal((await problemOf(res)).code, 'malformed_request');
  });

  test('unknown fields are a 422 problem naming them', async () => {
    const res = await nara.app.request('/api/v1/foundation-widgets', json({ name: 'lamp', count: 1, colour: 'red' }));
    assert.equal(res.status, 422);
    const problem = await problemOf(res);
    assert.equal(problem.code, 'validation_failed');
    assert.deepEqual(problem.errors?.map((e) => e.field), ['colour']);
  });

  test('wrong types and missing fields are a 422 problem listing each field', async () => {
    const res = await nara.app.request('/api/v1/foundation-widgets', json({ count: 'two' }));
    assert.equal(res.status, 422);
    const problem = await problemOf(res);
    assert.equal(problem.code, 'validation_failed');
    assert.deepEqual(problem.errors?.map((e) => e.field).sort(), ['count', 'name']);
    for (const e of problem.errors ?? []) assert.ok(e.message.length > 0);
  });

  test('a body over 1 MiB is a 413 problem', async () => {
    const big = JSON.stringify({ name: 'x'.repeat(MAX_BODY_BYTES), count: 1 });
    const res = await nara.app.request('/api/v1/foundation-widgets', json(big));
    assert.equal(res.status, 413);
    assert.equal((await problemOf(res)).code, 'body_too_large');
  });

  test('odd bodies and content types never produce a 5xx', async () => {
    const cases: RequestInit[] = [
      { method: 'POST', headers: { 'content-type': 'text/plain' }, body: 'hello' },
      { method: 'POST', headers: { 'content-type': 'application/json' }, body: '' },
      { method: 'POST', headers: { 'content-type': 'application/json' }, body: 'null' },
      { method: 'POST', headers: { 'content-type': 'application/json' }, body: '[1,2]' },
      { method: 'POST', headers: { 'content-type': 'application/json' }, body: '"\\ud800"' },
    ];
    for (const init of cases) {
      const res = await nara.app.request('/api/v1/foundation-widgets', init);
      assert.ok(res.status >= 400 && res.status < 500, `${String(init.body)} gave ${res.status}`);
    }
  });

  test('a form POST without the CSRF token is refused with 403', async () => {
    const page = await nara.app.request('/foundation/form');
    const cookie = /nara_csrf=([^;]+)/.exec(page.headers.get('set-cookie') ?? '')?.[1];
    assert.ok(cookie, 'the page sets the CSRF cookie');
    const withoutToken = await nara.app.request('/foundation/form', {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: `${CSRF_COOKIE}=${cookie}` },
      body: 'name=x',
    });
    assert.equal(withoutToken.status, 403);
    const wrongToken = await nara.app.request('/foundation/form', {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: `${CSRF_COOKIE}=${cookie}` },
      body: `name=x&${CSRF_FIELD}=${'A'.repeat(32)}`,
    });
    assert.equal(wrongToken.status, 403);
    const asJson = await nara.app.request('/foundation/form', {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' },
      body: 'name=x',
    });
    assert.equal(asJson.status, 403);
    assert.equal((await problemOf(asJson)).code, 'csrf_token_invalid');
  });

  test('a form POST with the matching CSRF token passes', async () => {
    const page = await nara.app.request('/foundation/form');
    const cookie = /nara_csrf=([^;]+)/.exec(page.headers.get('set-cookie') ?? '')?.[1];
    const field = new RegExp(`name="${CSRF_FIELD}" value="([^"]+)"`).exec(await page.text())?.[1];
    assert.ok(cookie && field);
    const res = await nara.app.request('/foundation/form', {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: `${CSRF_COOKIE}=${cookie}` },
      body: new URLSearchParams({ name: 'x', [CSRF_FIELD]: field }).toString(),
    });
    assert.equal(res.status, 200);
    assert.equal(await res.text(), 'accepted');
  });

  test('responses carry strict security headers', async () => {
    for (const url of ['/', '/healthz', '/api/v1/nothing']) {
      const res = await nara.app.request(url);
      const csp = res.headers.get('content-security-policy') ?? '';
      assert.match(csp, /default-src 'self'/, url);
      assert.match(csp, /frame-ancestors 'none'/, url);
      assert.match(csp, /script-src 'self'/, url);
      assert.doesNotMatch(csp, /unsafe-inline|unsafe-eval/, url);
      assert.equal(res.headers.get('x-content-type-options'), 'nosniff', url);
      assert.equal(res.headers.get('referrer-policy'), 'same-origin', url);
    }
  });

  test('the OpenAPI document at /api/openapi.json is valid OpenAPI 3.1 and lists the routes', async () => {
    const res = await nara.app.request('/api/openapi.json');
    assert.equal(res.status, 200);
    const doc = (await res.json()) as { openapi: string; paths: Record<string, unknown> };
    assert.match(doc.openapi, /^3\.1\./);
    assert.ok(doc.paths['/api/v1/foundation-widgets'], 'a module route appears in the document');
    const result = await validate(structuredClone(doc) as never);
    assert.equal(result.valid, true, JSON.stringify((result as { errors?: unknown }).errors, null, 2));
  });
});
