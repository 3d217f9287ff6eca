import type { LogEvent } from '../../kernel/trust/log/log.events.js';

/**
 * `sharing.lookup-<result>` (complete, partial, refused): an official of `agency` looked up (or
 * was refused) information about a person. The entry carries only the access id and a salted
 * commitment to the whole access record (who, whom, which items, which case and legal basis,
 * when, result); the salt stays in the record, so the entry cannot be read without it, and the
 * record cannot be removed or changed without the log showing it.
 */
export function lookupEvent(ctx: { accessId: string; at: Date; consumerId: string }, result: string, subject: string): LogEvent {
  return { type: `sharing.lookup-${result}`, at: ctx.at.toISOString(), agency: ctx.consumerId, refs: { accessId: ctx.accessId }, subject };
}
