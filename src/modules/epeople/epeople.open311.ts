/**
 * Open311 GeoReport v2 (https://wiki.open311.org/GeoReport_v2/) over e-People, JSON only:
 *
 *   GET  /open311/v2/services.json          one service per case type
 *   GET  /open311/v2/services/{code}.json   its definition (no extra attributes)
 *   GET  /open311/v2/requests.json          published cases; filters service_request_id, service_code,
 *                                           start_date, end_date, status
 *   POST /open311/v2/requests.json          files a case for the signed-in person (form or JSON body)
 *   GET  /open311/v2/requests/{id}.json     one published case
 *
 * Extensions, all prefixed `nara_`: `nara_legal_type` (the case type), `nara_period` (the legal
 * period), `nara_due_datetime` (the statutory due time, paused or not), `nara_extensions` and
 * `nara_transfers` (counts). `lat`/`long` carry the filer's map point when one was given. Only cases their filers chose to publish are listed, with personal
 * data removed; the filer is never named.
 */
import type { OpenAPIHono } from '@hono/zod-openapi';
import type { Context } from 'hono';
import type { AppEnv } from '../../kernel/http/context.js';
import { DomainError, invalidInput, notFound } from '../../kernel/http/errors.js';
import { problemResponse, toProblem } from '../../kernel/http/problem.js';
import { requireSession } from '../../kernel/identity/policy.js';
import type { Organisation } from '../../kernel/identity/identity.tables.js';
import { redactPersonalData } from './epeople.redact.js';
import type { EpeopleService } from './epeople.service.js';
import type { CaseRow } from './epeople.tables.js';
import type { CaseTypeRule } from './epeople.types.js';

const JSON_FILE = /^([A-Za-z0-9_-]{1,64})\.json$/;

const periodOf = (rule: CaseTypeRule) =>
  rule.period.unit === 'days' ? { unit: 'days', amount: rule.period.days } : { unit: 'working_hours', amount: rule.period.hours };

function service(c: Context<AppEnv>, rule: CaseTypeRule) {
  const t = c.get('t');
  return {
    service_code: rule.code,
    service_name: t(`epeople.type.${rule.code}`),
    description: t('epeople.open311.serviceDescription', { period: t(rule.period.unit === 'days' ? 'epeople.period.days' : 'epeople.period.hours', { n: rule.period.unit === 'days' ? rule.period.days : rule.period.hours }) }),
    metadata: false,
    type: 'realtime',
    keywords: rule.code.replaceAll('_', ','),
    group: rule.handlingBodyCode ? 'reports_and_appeals' : 'petitions',
    nara_period: periodOf(rule),
  };
}

function request(c: Context<AppEnv>, row: CaseRow & { transfers: number; updated_at: Date }, agencies: Organisation[]) {
  const t = c.get('t');
  const mask = t('epeople.public.redacted');
  const agency = agencies.find((a) => a.id === row.agency_id);
  const isClosed = row.status === 'answered' || row.status === 'closed';
  return {
    service_request_id: row.id,
    status: isClosed ? 'closed' : 'open',
    status_notes: row.answer ? redactPersonalData(row.answer, mask) : null,
    service_name: t(`epeople.type.${row.type}`),
    service_code: row.type,
    description: redactPersonalData(`${row.title}\n${row.content}`, mask),
    agency_responsible: agency ? (c.get('locale') === 'ko' ? agency.name_ko : agency.name_en) : null,
    service_notice: row.number,
    requested_datetime: row.received_at.toISOString(),
    updated_datetime: row.updated_at.toISOString(),
    expected_datetime: row.paused_at ? null : row.due_at.toISOString(),
    address: row.location_address ? redactPersonalData(row.location_address, mask) : null,
    address_id: null,
    zipcode: null,
    lat: row.location_lat,
    long: row.location_lon,
    media_url: null,
    nara_legal_type: row.type,
    nara_due_datetime: row.due_at.toISOString(),
    nara_clock_paused: row.paused_at !== null,
    nara_extensions: row.extensions,
    nara_transfers: row.transfers,
  };
}

/** A W3C datetime query parameter, or a 422 naming it. */
function dateParam(value: string | undefined, name: string): Date | undefined {
  if (value === undefined || value === '') return undefined;
  const d = new Date(value);
  if (!/^\d{4}-\d{2}-\d{2}/.test(value) || Number.isNaN(d.getTime())) throw invalidInput([{ field: name, message: 'Use a W3C datetime, e.g. 2026-03-02T09:00:00+09:00.' }]);
  return d;
}

const fileName = (c: Context<AppEnv>, param: string) => {
  const match = JSON_FILE.exec(c.req.param(param) ?? '');
  if (!match) throw new DomainError('format_not_supported', 404, 'Only the .json format is served.');
  return match[1]!;
};

/** A GeoReport coordinate from a form string or a JSON number; anything else is kept so the filing refuses it. */
const coordinate = (v: unknown): number | null => {
  if (v === undefined || v === null || v === '') return null;
  const n = typeof v === 'number' ? v : typeof v === 'string' && /^\s*[+-]?\d+(\.\d+)?\s*$/.test(v) ? Number(v) : Number.NaN;
  return n;
};

type Handler = (c: Context<AppEnv>) => Response | Promise<Response>;

/** Open311 clients rarely ask for JSON by header; their errors are problem+json all the same. */
const asJsonProblems = (handler: Handler): Handler => async (c) => {
  try {
    return await handler(c);
  } catch (error) {
    return problemResponse(c, toProblem(error, c.get('requestId')));
  }
};

export function registerOpen311Routes(app: OpenAPIHono<AppEnv>, svc: EpeopleService): void {
  const get = (path: string, handler: Handler) => app.get(path, asJsonProblems(handler));
  get('/open311/v2/services.json', (c) => c.json(svc.caseTypes().map((rule) => service(c, rule))));

  get('/open311/v2/services/:file', (c) => {
    const code = fileName(c, 'file');
    const rule = svc.caseTypes().find((r) => r.code === code);
    if (!rule) throw notFound('The service');
    return c.json({ service_code: rule.code, attributes: [] });
  });

  get('/open311/v2/requests.json', async (c) => {
    const q = c.req.query();
    const status = q.status === undefined || q.status === '' ? undefined : q.status;
    if (status !== undefined && status !== 'open' && status !== 'closed') throw invalidInput([{ field: 'status', message: 'Status is open or closed.' }]);
    const rows = await svc.publicCases({
      ...(q.service_request_id ? { ids: q.service_request_id.split(',').map((s) => s.trim()).filter(Boolean).slice(0, 100) } : {}),
      ...(q.service_code ? { type: q.service_code } : {}),
      ...(dateParam(q.start_date, 'start_date') ? { from: dateParam(q.start_date, 'start_date')! } : {}),
      ...(dateParam(q.end_date, 'end_date') ? { to: dateParam(q.end_date, 'end_date')! } : {}),
      ...(status ? { status } : {}),
    });
    const agencies = await svc.agencies();
    return c.json(rows.map((row) => request(c, row, agencies)));
  });

  get('/open311/v2/requests/:file', async (c) => {
    const id = fileName(c, 'file');
    const [row] = await svc.publicCases({ ids: [id] });
    if (!row) throw notFound('The service request');
    return c.json([request(c, row, await svc.agencies())]);
  });

  app.post('/open311/v2/requests.json', asJsonProblems(async (c) => {
    const session = requireSession(c);
    const isJson = (c.req.header('content-type') ?? '').includes('application/json');
    const body = (isJson ? await c.req.json().catch(() => ({})) : await c.req.parseBody()) as Record<string, unknown>;
    const text = (v: unknown) => (typeof v === 'string' ? v.trim() : '');
    const description = text(body.description);
    const filed = await svc.fileCase(
      session,
      {
        type: text(body.service_code),
        title: description.split('\n')[0]!.slice(0, 80),
        content: description,
        locationAddress: text(body.address_string) || null,
        // GeoReport sends lat and long as decimal degrees (WGS 84); the case checks both and their range.
        locationLat: coordinate(body.lat),
        locationLon: coordinate(body.long),
        isPublic: text(body.nara_public) === 'true',
      },
      c.get('locale'),
    );
    return c.json([{ service_request_id: filed.case.id, service_notice: filed.case.number, account_id: null, nara_due_datetime: filed.case.due_at.toISOString() }], 201);
  }));
}
