import type { Context } from 'hono';
import { HTTPException } from 'hono/http-exception';
import { DomainError, type FieldProblem } from './errors.js';

/** RFC 9457 problem details, with Nara's stable `code` and optional field list. */
export interface Problem {
  type: string;
  title: string;
  status: number;
  detail: string;
  code: string;
  instance?: string;
  requestId?: string;
  errors?: FieldProblem[];
  [key: string]: unknown;
}

export const PROBLEM_CONTENT_TYPE = 'application/problem+json';

const titles: Record<number, string> = {
  400: 'Bad request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not found',
  405: 'Method not allowed',
  409: 'Conflict',
  413: 'Content too large',
  415: 'Unsupported media type',
  422: 'Unprocessable content',
  429: 'Too many requests',
  500: 'Internal server error',
  503: 'Service unavailable',
};

export function problemTypeUri(code: string): string {
  return `https://nara.dev/problems/${code.replace(/_/g, '-')}`;
}

/** Maps anything thrown to a problem. Unknown errors become a bare 500 with no internals. */
export function toProblem(error: unknown, requestId?: string): Problem & { headers?: Record<string, string> } {
  if (error instanceof DomainError) {
    const { fields, headers, ...rest } = error.extra;
    return {
      type: problemTypeUri(error.code),
      title: titles[error.status] ?? 'Error',
      status: error.status,
      detail: error.message,
      code: error.code,
      ...(fields ? { errors: fields } : {}),
      ...rest,
      ...(requestId ? { requestId } : {}),
      ...(headers ? { headers } : {}),
    };
  }
  if (error instanceof HTTPException) {
    const status = error.status;
    const code =
      status === 413 ? 'body_too_large' : status === 400 ? 'malformed_request' : status === 401 ? 'unauthenticated' : `http_${status}`;
    const detail =
      status === 413
        ? 'The request body is larger than this endpoint accepts.'
        : error.message || titles[status] || 'The request could not be processed.';
    return { type: problemTypeUri(code), title: titles[status] ?? 'Error', status, detail, code, ...(requestId ? { requestId } : {}) };
  }
  return {
    type: problemTypeUri('internal_error'),
    title: titles[500]!,
    status: 500,
    detail: 'Something went wrong on our side. It has been logged; quote the request id if you contact support.',
    code: 'internal_error',
    ...(requestId ? { requestId } : {}),
  };
}

export function problemResponse(c: Context, problem: Problem & { headers?: Record<string, string> }): Response {
  const { headers, ...body } = problem;
  return new Response(JSON.stringify({ ...body, instance: body.instance ?? new URL(c.req.url).pathname }), {
    status: problem.status,
    headers: { 'content-type': PROBLEM_CONTENT_TYPE, ...(headers ?? {}) },
  });
}

/** True when the client should get problem+json rather than an HTML page. */
export function wantsJson(c: Context): boolean {
  const p = new URL(c.req.url).pathname;
  if (p.startsWith('/api/') || p === '/api' || p.startsWith('/.well-known/') || p.startsWith('/oidc/')) return true;
  const accept = c.req.header('accept') ?? '';
  return accept.includes('json') && !accept.includes('text/html');
}
