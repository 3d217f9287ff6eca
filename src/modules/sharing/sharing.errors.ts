import { DomainError } from '../../kernel/http/errors.js';

/** Error code: a lookup named no case (neither an e-People case nor an external case id). */
export const CASE_REQUIRED = 'sharing_case_required';
/** Error code: the e-People case does not exist, is not with the official's agency, or is closed. */
export const CASE_NOT_USABLE = 'sharing_case_not_usable';
/** Error code: the lookup names a person other than the one the case concerns. */
export const CASE_PERSON_MISMATCH = 'sharing_case_person_mismatch';
/** Error code: no approval lets this agency use the item (or field, or check) for this service. */
export const NOT_APPROVED = 'sharing_not_approved';
/** Error code: the approval exists but under another legal basis than the one the lookup gives. */
export const LEGAL_BASIS_NOT_APPROVED = 'sharing_legal_basis_not_approved';
/** Error code: the approval for the item and service has expired. */
export const APPROVAL_EXPIRED = 'sharing_approval_expired';
/** Error code: the signed-in person is not an official of the agency the lookup is made for. */
export const NOT_AN_OFFICIAL = 'sharing_not_an_official';
/** Error code: the official or their agency made more lookups in the last minute than allowed. */
export const RATE_LIMITED = 'sharing_rate_limited';
/** Error code: the approval was already decided. */
export const APPROVAL_DECIDED = 'sharing_approval_decided';
/** Error code: a consented lookup found no consent of the person to this agency's service. */
export const CONSENT_MISSING = 'sharing_consent_missing';
/** Error code: a consented lookup asked for an item or field the person did not consent to. */
export const CONSENT_EXCEEDED = 'sharing_consent_exceeded';
/** Error code: the person's consent is for another application than the one the lookup serves. */
export const CONSENT_OTHER_APPLICATION = 'sharing_consent_other_application';
/** Error code: the consent was already used by a lookup, or has expired. */
export const CONSENT_EXPIRED = 'sharing_consent_expired';

/** Refusals that are recorded as accesses, with their HTTP status. */
export const REFUSAL_STATUS: Record<string, number> = {
  [CASE_REQUIRED]: 422,
  [CASE_NOT_USABLE]: 422,
  [CASE_PERSON_MISMATCH]: 422,
  [NOT_APPROVED]: 403,
  [LEGAL_BASIS_NOT_APPROVED]: 403,
  [APPROVAL_EXPIRED]: 403,
  [CONSENT_MISSING]: 403,
  [CONSENT_EXCEEDED]: 403,
  [CONSENT_OTHER_APPLICATION]: 403,
  [CONSENT_EXPIRED]: 403,
};

const REFUSAL_DETAIL: Record<string, string> = {
  [CASE_REQUIRED]: 'A lookup must name the case it serves: an e-People case id or an external case id.',
  [CASE_NOT_USABLE]: 'The case was not found, is not with your agency, or is closed.',
  [CASE_PERSON_MISMATCH]: 'The case concerns another person than the one named.',
  [NOT_APPROVED]: 'Your agency holds no approval to use this information for this service.',
  [LEGAL_BASIS_NOT_APPROVED]: 'The approval for this service was given under another legal basis.',
  [APPROVAL_EXPIRED]: 'The approval to use this information for this service has expired.',
  [CONSENT_MISSING]: 'The person has not consented to this service fetching their information.',
  [CONSENT_EXCEEDED]: 'The lookup asks for information beyond what the person consented to.',
  [CONSENT_OTHER_APPLICATION]: 'The person consented for another application than this one.',
  [CONSENT_EXPIRED]: 'The consent was already used, or has expired. Ask the person to consent again.',
};

/** A recorded refusal: the problem body carries the access record's id. */
export function refusal(code: string, accessId: string, itemCode?: string): DomainError {
  return new DomainError(code, REFUSAL_STATUS[code] ?? 403, REFUSAL_DETAIL[code] ?? 'The lookup was refused.', { accessId, ...(itemCode ? { itemCode } : {}) });
}
