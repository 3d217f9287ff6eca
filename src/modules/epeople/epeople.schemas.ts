import { z } from '@hono/zod-openapi';
import { CASE_TYPE_CODES } from './epeople.types.js';

/** What a filer sends: the same rules for the question pages and the JSON API. */
export const fileCaseInput = z.object({
  type: z.enum(CASE_TYPE_CODES).openapi({ description: 'The legal type of the case; it sets the deadline.' }),
  agencyId: z.string().max(64).nullish().openapi({ description: 'The agency to send it to; omit to let Nara route it.' }),
  category: z.string().trim().max(60).nullish(),
  title: z.string().trim().min(1).max(200),
  content: z.string().trim().min(1).max(4000),
  locationAddress: z.string().trim().max(200).nullish().openapi({ description: 'Where the problem is, as an address.' }),
  locationLat: z.number().gte(-90).lte(90).nullish().openapi({ description: 'Where the problem is, as a map point: latitude in WGS 84 degrees (with locationLon).' }),
  locationLon: z.number().gte(-180).lte(180).nullish().openapi({ description: 'Longitude in WGS 84 degrees (with locationLat).' }),
  isPublic: z.boolean().openapi({ description: 'Publish the question and answer (personal data removed).' }),
}).superRefine((v, ctx) => {
  // A map point needs both coordinates.
  if ((v.locationLat == null) !== (v.locationLon == null)) ctx.addIssue({ code: 'custom', path: [v.locationLat == null ? 'locationLat' : 'locationLon'], message: 'Give both latitude and longitude, or neither.' });
});
export type FileCaseInput = z.infer<typeof fileCaseInput>;

export const caseTypeSchema = z
  .object({
    code: z.enum(CASE_TYPE_CODES),
    period: z.object({ unit: z.enum(['workingHours', 'days']), amount: z.number().int() }),
    handlingBodyCode: z.string().nullable(),
  })
  .openapi('EpeopleCaseType');

export const caseEventSchema = z.object({
  kind: z.string(),
  at: z.string(),
  fromAgencyId: z.string().nullable(),
  toAgencyId: z.string().nullable(),
  note: z.string().nullable(),
  dueAt: z.string().nullable(),
});

export const caseSchema = z
  .object({
    id: z.string(),
    number: z.string(),
    type: z.enum(CASE_TYPE_CODES),
    title: z.string(),
    content: z.string(),
    locationAddress: z.string().nullable(),
    locationLat: z.number().nullable().optional().openapi({ description: 'The map point\'s latitude (WGS 84), if one was given.' }),
    locationLon: z.number().nullable().optional().openapi({ description: 'The map point\'s longitude (WGS 84), if one was given.' }),
    isPublic: z.boolean(),
    status: z.string(),
    agencyId: z.string().nullable(),
    receivedAt: z.string(),
    dueAt: z.string(),
    pausedAt: z.string().nullable(),
    extensions: z.number().int(),
    supplementRequests: z.number().int(),
    answer: z.string().nullable(),
    answeredAt: z.string().nullable(),
    answerOutcome: z.enum(['accepted', 'partly_accepted', 'refused', 'explained']).nullable().openapi({ description: 'How the answer disposes of the case.' }),
    answerRemedies: z.string().nullable().openapi({ description: 'For a refusal or partial acceptance: the remedies open to the filer.' }),
    satisfaction: z.enum(['satisfied', 'neutral', 'dissatisfied']).nullable().openapi({ description: 'The filer\'s rating of the answer.' }),
    reopenedAs: z.string().nullable().openapi({ description: 'The follow-up case a dissatisfied filer opened from this one.' }),
    reopenedFrom: z.string().nullable().openapi({ description: 'The case this one follows up.' }),
    history: z.array(caseEventSchema),
  })
  .openapi('EpeopleCase');
