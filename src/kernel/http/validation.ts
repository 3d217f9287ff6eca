import type { ZodError } from 'zod';
import { invalidInput, type FieldProblem } from './errors.js';

/** Turns a zod error into the field list of a `validation_failed` problem. */
export function zodFieldProblems(error: ZodError): FieldProblem[] {
  return error.issues.map((issue) => {
    const base = issue.path.map(String).join('.');
    if (issue.code === 'unrecognized_keys') {
      const keys = (issue as { keys?: string[] }).keys ?? [];
      return { field: keys.map((k) => (base ? `${base}.${k}` : k)).join(', '), message: `Unknown field${keys.length > 1 ? 's' : ''}: ${keys.join(', ')}.` };
    }
    return { field: base, message: issue.message };
  });
}

/**
 * The OpenAPIHono default hook: a failed schema check becomes a 422 problem listing the fields.
 * (Malformed JSON never reaches here: Hono's validator throws a 400 for it.)
 */
export function validationHook(result: { success: boolean; error?: ZodError }): void {
  if (!result.success && result.error) throw invalidInput(zodFieldProblems(result.error));
}
