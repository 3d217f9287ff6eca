import { z } from '@hono/zod-openapi';

const code = z.string().regex(/^[a-z][a-z0-9-]{1,63}$/);
const legalBasis = z.string().trim().min(3).max(200);
const prefixedId = z.string().min(3).max(64);

export const itemSchema = z
  .object({
    code: z.string(),
    version: z.number().int(),
    providerId: z.string(),
    name: z.object({ en: z.string(), ko: z.string() }),
    fields: z.array(z.object({ name: z.string(), personal: z.boolean(), sensitive: z.boolean() })),
    checks: z.array(z.object({ name: z.string(), field: z.string(), parameter: z.enum(['amount', 'text']).nullable() })),
    legalBases: z.array(z.string()),
    publishedAt: z.string(),
  })
  .openapi('SharingItem');

export const approvalSchema = z
  .object({
    id: z.string(),
    consumerId: z.string(),
    providerId: z.string(),
    itemCode: z.string(),
    itemVersion: z.number().int(),
    serviceCode: z.string(),
    serviceName: z.string(),
    legalBasis: z.string(),
    fields: z.array(z.string()),
    checks: z.array(z.string()),
    state: z.enum(['applied', 'approved', 'refused', 'expired']),
    appliedAt: z.string(),
    decidedAt: z.string().nullable(),
    refusalReason: z.string().nullable(),
    expiresAt: z.string(),
  })
  .openapi('SharingApproval');

export const applyInput = z
  .object({
    agencyId: prefixedId.optional().openapi({ description: 'The consumer agency (default: your first post).' }),
    itemCode: code,
    serviceCode: code,
    serviceName: z.string().trim().min(3).max(200),
    legalBasis,
    fields: z.array(z.string().max(64)).max(30).default([]),
    checks: z.array(z.string().max(64)).max(30).default([]),
  })
  .openapi('SharingApplication');

export const decideInput = z
  .object({
    decision: z.enum(['approve', 'refuse']),
    reason: z.string().max(1000).optional(),
    expiresAt: z.iso.datetime({ offset: true }).optional().openapi({ description: 'End of the approval; default two years.' }),
  })
  .openapi('SharingDecision');

const caseFields = {
  caseId: prefixedId.optional().openapi({ description: 'An open e-People case of your agency (cas_...); the person is its filer.' }),
  externalCaseId: z.string().max(64).optional().openapi({ description: 'A case id in your agency\'s own system.' }),
  personId: prefixedId.optional().openapi({ description: 'The person concerned (required with an external case).' }),
  agencyId: prefixedId.optional(),
  serviceCode: code,
  legalBasis,
};

export const lookupInput = z.object({ ...caseFields, items: z.array(code).min(1).max(20).optional() }).openapi('SharingLookupRequest');

export const checkInput = z
  .object({ ...caseFields, check: code.openapi({ description: 'e.g. income-below, no-unpaid-national-tax, holds-licence' }), parameter: z.string().max(100).optional() })
  .openapi('SharingCheckRequest');

export const lookupResultSchema = z
  .object({
    accessId: z.string(),
    result: z.enum(['complete', 'partial']),
    personId: z.string(),
    serviceCode: z.string(),
    items: z.array(
      z.object({
        itemCode: z.string(),
        itemVersion: z.number().int(),
        providerId: z.string(),
        outcome: z.enum(['given', 'no_record', 'unavailable']),
        fields: z.record(z.string(), z.unknown()),
        checks: z.array(z.object({ check: z.string(), answer: z.boolean().nullable() })),
      }),
    ),
  })
  .openapi('SharingLookupResult');

export const checkResultSchema = z
  .object({ accessId: z.string(), check: z.string(), itemCode: z.string(), answer: z.boolean().nullable(), outcome: z.enum(['given', 'no_record', 'unavailable']) })
  .openapi('SharingCheckResult');

export const accessSchema = z
  .object({
    id: z.string(),
    at: z.string(),
    officialId: z.string(),
    officialName: z.string(),
    agencyId: z.string(),
    serviceCode: z.string(),
    serviceName: z.string(),
    legalBasis: z.string(),
    case: z.object({ kind: z.enum(['epeople', 'external', 'application']).nullable(), ref: z.string().nullable() }),
    /** `consent`: fetched through a portal under the person's own consent, for one application (no official). */
    mode: z.enum(['extract', 'check', 'consent']),
    consentId: z.string().nullable(),
    items: z.array(z.object({ itemCode: z.string(), providerId: z.string(), fields: z.array(z.string()), check: z.string().nullable(), outcome: z.string() })),
    result: z.enum(['complete', 'partial', 'refused']),
    refusalCode: z.string().nullable(),
    commitmentSalt: z.string(),
  })
  .openapi('SharingAccess');
