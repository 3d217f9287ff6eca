/**
 * The catalogue's data shapes and the form engine. A service is published by an agency as data:
 * texts per language, who it is for, its legal basis, fee and processing time, the facts it needs
 * from other agencies, documents still to upload, and its application form (fields, types,
 * validation and conditions). Pure: no database, no HTTP.
 */

/** A text an agency publishes in both languages. */
export interface Text {
  en: string;
  ko: string;
}

export type FieldType = 'text' | 'textarea' | 'number' | 'date' | 'choice' | 'yesno';

export interface FormField {
  name: string;
  type: FieldType;
  label: Text;
  hint?: Text;
  required: boolean;
  maxLength?: number;
  min?: number;
  max?: number;
  /** A regular expression the whole answer must match (text fields). */
  pattern?: string;
  /** What the pattern expects, shown when it does not match. */
  patternHint?: Text;
  options?: { value: string; label: Text }[];
  /** Asked only when another answer equals this value. */
  showIf?: { field: string; equals: string };
}

export interface DocumentToUpload {
  name: string;
  label: Text;
  types: string[];
  maxBytes: number;
}

export const AGE_GROUPS = ['all', 'child', 'youth', 'adult', 'senior'] as const;
export const CATEGORIES = ['travel', 'welfare', 'employment', 'housing', 'tax', 'business', 'health', 'transport', 'education', 'environment', 'safety', 'culture', 'residence'] as const;
export const LIFE_EVENTS = ['birth', 'moving', 'job-loss', 'startup', 'retirement', 'death'] as const;

export interface ServiceDefinition {
  code: string;
  agencyCode: string;
  category: (typeof CATEGORIES)[number];
  lifeEvent: (typeof LIFE_EVENTS)[number] | null;
  ageGroup: (typeof AGE_GROUPS)[number];
  name: Text;
  description: Text;
  audience: Text;
  eligibility: Text;
  legalBasis: Text;
  feeKrw: number;
  processingDays: number;
  /** Facts other agencies hold, fetched with the applicant's consent (codes of FACT_ITEMS). */
  factItems: string[];
  /** Documents no agency holds, which the applicant must still upload. */
  documents: DocumentToUpload[];
  /** The application form; empty when the service cannot be applied for online. */
  form: FormField[];
  keywords?: string;
  /**
   * Who receives applications: the publishing agency (default), or the city or county of the
   * applicant's registered address acting for it ('residence'), as passport offices do.
   */
  routeTo?: 'publisher' | 'residence';
}

/** The facts the catalogue may ask for, and the agency that holds each. */
export const FACT_ITEMS: Record<string, { holder: string }> = {
  'resident.name': { holder: 'MOIS' },
  'resident.birthDate': { holder: 'MOIS' },
  'resident.address': { holder: 'MOIS' },
  'family.children': { holder: 'MOJ' },
  'tax.paymentStatus': { holder: 'NTS' },
  'income.bracket': { holder: 'NTS' },
  'health.insuranceType': { holder: 'NHIS' },
  'pension.enrolment': { holder: 'NPS' },
  'employment.insured': { holder: 'NEIS' },
  'vehicle.registered': { holder: 'MOLIT' },
};

export type Answers = Record<string, string>;

/** The fields asked, given the answers so far (a field whose condition is not met is skipped). */
export function visibleFields(form: FormField[], answers: Answers): FormField[] {
  return form.filter((f) => !f.showIf || answers[f.showIf.field] === f.showIf.equals);
}

/** Why an answer is refused (a message key suffix), or null when it is fine. */
export type FieldProblemCode = 'required' | 'tooLong' | 'notNumber' | 'tooSmall' | 'tooLarge' | 'notDate' | 'notOption' | 'pattern';

export function checkAnswer(field: FormField, raw: string): FieldProblemCode | null {
  const value = raw.trim();
  if (value === '') return field.required ? 'required' : null;
  if (value.length > (field.maxLength ?? (field.type === 'textarea' ? 2000 : 200))) return 'tooLong';
  switch (field.type) {
    case 'number': {
      if (!/^-?\d{1,12}$/.test(value)) return 'notNumber';
      const n = Number(value);
      if (field.min !== undefined && n < field.min) return 'tooSmall';
      if (field.max !== undefined && n > field.max) return 'tooLarge';
      return null;
    }
    case 'date': {
      const d = new Date(`${value}T00:00:00Z`);
      return /^\d{4}-\d{2}-\d{2}$/.test(value) && !Number.isNaN(d.getTime()) && d.toISOString().startsWith(value) ? null : 'notDate';
    }
    case 'choice':
      return field.options?.some((o) => o.value === value) ? null : 'notOption';
    case 'yesno':
      return value === 'yes' || value === 'no' ? null : 'notOption';
    default:
      return field.pattern && !new RegExp(`^(?:${field.pattern})$`).test(value) ? 'pattern' : null;
  }
}

/** The first field still to answer (or wrongly answered), or undefined when the form is complete. */
export function firstUnanswered(form: FormField[], answers: Answers): FormField | undefined {
  return visibleFields(form, answers).find((f) => answers[f.name] === undefined || checkAnswer(f, answers[f.name]!) !== null);
}

/** Only the answers to fields that are asked (answers to skipped conditional fields are dropped). */
export function keptAnswers(form: FormField[], answers: Answers): Answers {
  return Object.fromEntries(visibleFields(form, answers).filter((f) => answers[f.name] !== undefined && answers[f.name] !== '').map((f) => [f.name, answers[f.name]!.trim()]));
}

/** Everything searchable about a service in one text (both languages). */
export function searchTextOf(d: ServiceDefinition): string {
  // Korean compounds are often typed without spaces (여권발급 for 여권 발급): index both spellings.
  return [d.name.en, d.name.ko, d.name.ko.replace(/\s+/g, ''), d.description.en, d.description.ko, d.keywords ?? ''].join(' ').toLowerCase();
}

/** The type a file really is, from its first bytes (the browser's declared type is not trusted). */
export function sniffContentType(bytes: Uint8Array): string | null {
  const starts = (...sig: number[]) => sig.every((b, i) => bytes[i] === b);
  if (starts(0x25, 0x50, 0x44, 0x46, 0x2d)) return 'application/pdf';
  if (starts(0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a)) return 'image/png';
  if (starts(0xff, 0xd8, 0xff)) return 'image/jpeg';
  return null;
}

export type UploadProblemCode = 'uploadMissing' | 'uploadTooLarge' | 'uploadWrongType';

/** Checks an upload against what the service accepts for this document. */
export function checkUpload(doc: DocumentToUpload, bytes: Uint8Array | null): UploadProblemCode | null {
  if (!bytes || bytes.length === 0) return 'uploadMissing';
  if (bytes.length > doc.maxBytes) return 'uploadTooLarge';
  const type = sniffContentType(bytes);
  return type && doc.types.includes(type) ? null : 'uploadWrongType';
}
