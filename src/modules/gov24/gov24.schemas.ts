import { z } from '@hono/zod-openapi';
import { AGE_GROUPS, CATEGORIES, FACT_ITEMS, LIFE_EVENTS } from './gov24.catalogue.js';

const text = (max: number) => z.object({ en: z.string().trim().min(1).max(max), ko: z.string().trim().min(1).max(max) });
const FIELD_NAME = /^[a-z][a-zA-Z0-9]{0,39}$/;

const formField = z.object({
  name: z.string().regex(FIELD_NAME, 'A field name is camelCase, at most 40 characters.'),
  type: z.enum(['text', 'textarea', 'number', 'date', 'choice', 'yesno']),
  label: text(200),
  hint: text(300).optional(),
  required: z.boolean(),
  maxLength: z.number().int().min(1).max(4000).optional(),
  min: z.number().int().optional(),
  max: z.number().int().optional(),
  pattern: z.string().max(200).optional(),
  patternHint: text(200).optional(),
  options: z.array(z.object({ value: z.string().regex(/^[a-zA-Z0-9-]{1,40}$/), label: text(200) })).min(2).max(30).optional(),
  showIf: z.object({ field: z.string().regex(FIELD_NAME), equals: z.string().max(40) }).optional(),
});

/** A service as an agency publishes it (POST /api/v1/gov24/services). */
export const serviceDefinitionInput = z
  .object({
    code: z.string().regex(/^[a-z0-9][a-z0-9.-]{2,99}$/, 'Lower-case letters, digits, dots and hyphens.'),
    agencyCode: z.string().min(1).max(40),
    category: z.enum(CATEGORIES),
    lifeEvent: z.enum(LIFE_EVENTS).nullable(),
    ageGroup: z.enum(AGE_GROUPS),
    name: text(200),
    description: text(2000),
    audience: text(500),
    eligibility: text(2000),
    legalBasis: text(500),
    feeKrw: z.number().int().min(0).max(10_000_000),
    processingDays: z.number().int().min(1).max(365),
    factItems: z.array(z.string().refine((item) => FACT_ITEMS[item] !== undefined, 'Not a fact item the sharing hub offers.')).max(20),
    documents: z.array(z.object({ name: z.string().regex(FIELD_NAME), label: text(200), types: z.array(z.string().regex(/^[a-z]+\/[a-z0-9.+-]+$/)).min(1).max(5), maxBytes: z.number().int().min(1).max(20 * 1024 * 1024) })).max(10),
    form: z.array(formField).max(40),
    keywords: z.string().max(500).optional(),
    routeTo: z.enum(['publisher', 'residence']).optional(),
  })
  .superRefine((d, ctx) => {
    const seen = new Set<string>();
    d.form.forEach((f, i) => {
      if (seen.has(f.name)) ctx.addIssue({ code: 'custom', path: ['form', i, 'name'], message: 'Each field needs its own name.' });
      if (f.showIf && !seen.has(f.showIf.field)) ctx.addIssue({ code: 'custom', path: ['form', i, 'showIf'], message: 'A condition can only refer to an earlier field.' });
      if (f.type === 'choice' && !f.options) ctx.addIssue({ code: 'custom', path: ['form', i, 'options'], message: 'A choice needs options.' });
      if (f.pattern) {
        try {
          new RegExp(f.pattern);
        } catch {
          ctx.addIssue({ code: 'custom', path: ['form', i, 'pattern'], message: 'Not a valid regular expression.' });
        }
      }
      seen.add(f.name);
    });
  })
  .openapi('Gov24ServiceDefinition');
