/**
 * Identifier shapes of the demo country, with the check digits Korean systems validate.
 *
 * Demo national id numbers (RRN shape) are `YYMMDD-G99SSSC`: birth date, the century-and-sex
 * digit G (1/2 born 1900-1999, 3/4 born 2000 or later; odd = male), then always `99` where the
 * old issuing-office code would be, a three-digit serial and the check digit. The `99` marks a
 * number as demo data: never type a real person's number into a demo installation.
 *
 * Demo business registration numbers are `9TT-81-SSSSC`: a tax-office code starting with 9, the
 * type code 81 (a company's head office), a serial and the check digit.
 */

const RRN_WEIGHTS = [2, 3, 4, 5, 6, 7, 8, 9, 2, 3, 4, 5] as const;
const BRN_WEIGHTS = [1, 3, 7, 1, 3, 7, 1, 3, 5] as const;

const toDigits = (s: string) => [...s.replace(/-/g, '')].map(Number);

/** The 13th digit of a resident registration number from its first 12. */
export function rrnCheckDigit(first12: string): number {
  const d = toDigits(first12);
  if (d.length !== 12 || d.some(Number.isNaN)) throw new Error('rrnCheckDigit needs 12 digits');
  const sum = RRN_WEIGHTS.reduce((acc, w, i) => acc + w * (d[i] ?? 0), 0);
  return (11 - (sum % 11)) % 10;
}

export function isValidRrn(rrn: string): boolean {
  if (!/^\d{6}-\d{7}$/.test(rrn)) return false;
  const digits = rrn.replace('-', '');
  return rrnCheckDigit(digits.slice(0, 12)) === Number(digits[12]);
}

/** True for a number in the demo shape (see the file comment). */
export function isDemoRrn(rrn: string): boolean {
  return /^\d{6}-\d99\d{4}$/.test(rrn) && isValidRrn(rrn);
}

/** Builds a demo RRN for a birth date (`YYYY-MM-DD`), sex and serial 0-999. */
export function makeDemoRrn(birthDate: string, sex: 'male' | 'female', serial: number): string {
  const [year, month, day] = birthDate.split('-');
  if (!year || !month || !day) throw new Error(`bad birth date ${birthDate}`);
  const born2000s = Number(year) >= 2000;
  const g = (born2000s ? 3 : 1) + (sex === 'female' ? 1 : 0);
  const first12 = `${year.slice(2)}${month}${day}${g}99${String(serial).padStart(3, '0')}`;
  return `${first12.slice(0, 6)}-${first12.slice(6)}${rrnCheckDigit(first12)}`;
}

/** The 10th digit of a business registration number from its first 9. */
export function brnCheckDigit(first9: string): number {
  const d = toDigits(first9);
  if (d.length !== 9 || d.some(Number.isNaN)) throw new Error('brnCheckDigit needs 9 digits');
  let sum = BRN_WEIGHTS.reduce((acc, w, i) => acc + w * (d[i] ?? 0), 0);
  sum += Math.floor(((d[8] ?? 0) * 5) / 10);
  return (10 - (sum % 10)) % 10;
}

export function isValidBrn(brn: string): boolean {
  if (!/^\d{3}-\d{2}-\d{5}$/.test(brn)) return false;
  const digits = brn.replace(/-/g, '');
  return brnCheckDigit(digits.slice(0, 9)) === Number(digits[9]);
}

/** Builds a demo BRN from a tax-office suffix (0-99) and a serial (0-9999). */
export function makeDemoBrn(taxOffice: number, serial: number): string {
  const first9 = `9${String(taxOffice).padStart(2, '0')}81${String(serial).padStart(4, '0')}`;
  return `${first9.slice(0, 3)}-${first9.slice(3, 5)}-${first9.slice(5)}${brnCheckDigit(first9)}`;
}
