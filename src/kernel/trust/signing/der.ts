/**
 * The few DER building blocks the CMS code needs for structures @peculiar/asn1-cms has no class
 * for (ESS signing-certificate-v2), and for SET OF ordering. Encoding only; parsing is asn1-schema.
 */
export function tlv(tag: number, ...contents: Uint8Array[]): Uint8Array {
  const body = Buffer.concat(contents);
  return new Uint8Array(Buffer.concat([Uint8Array.of(tag), encodeLength(body.length), body]));
}

export const sequence = (...contents: Uint8Array[]) => tlv(0x30, ...contents);
export const octetString = (bytes: Uint8Array) => tlv(0x04, bytes);
/** `content` is already the two's-complement INTEGER content (as certificates store serials). */
export const integer = (content: Uint8Array) => tlv(0x02, content);

function encodeLength(length: number): Uint8Array {
  if (length < 0x80) return Uint8Array.of(length);
  const bytes: number[] = [];
  for (let n = length; n > 0; n = Math.floor(n / 256)) bytes.unshift(n & 0xff);
  return Uint8Array.of(0x80 | bytes.length, ...bytes);
}

/** DER orders the members of a SET OF by their encodings. */
export function sortDerSet<T>(items: T[], encode: (item: T) => Uint8Array): T[] {
  return items
    .map((item) => ({ item, der: Buffer.from(encode(item)) }))
    .sort((a, b) => Buffer.compare(a.der, b.der))
    .map((x) => x.item);
}

/** Total length of the DER element at the start of `bytes` (PDF /Contents is zero-padded after it). */
export function derElementLength(bytes: Uint8Array): number {
  if (bytes.length < 2) throw new Error('Truncated DER.');
  const first = bytes[1]!;
  if (first < 0x80) return 2 + first;
  const count = first & 0x7f;
  if (count === 0 || count > 4 || bytes.length < 2 + count) throw new Error('Unsupported DER length.');
  let length = 0;
  for (let i = 0; i < count; i++) length = length * 256 + bytes[2 + i]!;
  return 2 + count + length;
}

export function objectIdentifier(oid: string): Uint8Array {
  const [a = 0, b = 0, ...rest] = oid.split('.').map(Number);
  const bytes = [40 * a + b];
  for (const arc of rest) {
    const base128: number[] = [arc & 0x7f];
    for (let n = Math.floor(arc / 128); n > 0; n = Math.floor(n / 128)) base128.unshift((n & 0x7f) | 0x80);
    bytes.push(...base128);
  }
  return tlv(0x06, Uint8Array.from(bytes));
}
