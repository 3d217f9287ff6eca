/** Removes what looks like personal data from text shown to the public. */
export function redactPersonalData(text: string, mask: string): string {
  return text
    .replace(/\b\d{6}-?[1-8]\d{6}\b/g, mask) // resident registration numbers
    .replace(/\b0\d{1,2}[- ]?\d{3,4}[- ]?\d{4}\b/g, mask) // phone numbers
    .replace(/[\w.+-]+@[\w-]+(?:\.[\w-]+)+/g, mask); // email addresses
}
