// Seals a bid document in the browser, exactly as the server-side sealBid does: a compact JWE
// (ECDH-ES with the tender's P-256 opening key, A256GCM, cty nara-sealed-bid), built with Web
// Crypto so the price never leaves the vendor's device in clear.
const text = new globalThis.TextEncoder();

const b64u = (bytes) => {
  let binary = '';
  for (const b of bytes) binary += String.fromCharCode(b);
  return globalThis.btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
};

const concat = (...parts) => {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
};

const u32 = (n) => new Uint8Array([n >>> 24, (n >>> 16) & 255, (n >>> 8) & 255, n & 255]);

/** Returns the compact JWE of `document` sealed to `openingJwk` ({kty, crv, x, y}). */
export async function sealBidDocument(document, openingJwk) {
  const { subtle } = globalThis.crypto;
  const recipient = await subtle.importKey('jwk', { kty: 'EC', crv: 'P-256', x: openingJwk.x, y: openingJwk.y }, { name: 'ECDH', namedCurve: 'P-256' }, false, []);
  const ephemeral = await subtle.generateKey({ name: 'ECDH', namedCurve: 'P-256' }, true, ['deriveBits']);
  const shared = new Uint8Array(await subtle.deriveBits({ name: 'ECDH', public: recipient }, ephemeral.privateKey, 256));
  const epk = await subtle.exportKey('jwk', ephemeral.publicKey);
  const header = { alg: 'ECDH-ES', enc: 'A256GCM', cty: 'nara-sealed-bid', epk: { kty: 'EC', crv: 'P-256', x: epk.x, y: epk.y } };
  // Concat KDF (RFC 7518, 4.6.2) with one round of SHA-256: counter, Z, algorithm id, empty PartyU/V, key length in bits.
  const algorithm = text.encode('A256GCM');
  const otherInfo = concat(u32(algorithm.length), algorithm, u32(0), u32(0), u32(256));
  const cek = new Uint8Array(await subtle.digest('SHA-256', concat(u32(1), shared, otherInfo)));
  const key = await subtle.importKey('raw', cek, 'AES-GCM', false, ['encrypt']);
  const iv = globalThis.crypto.getRandomValues(new Uint8Array(12));
  const protectedHeader = b64u(text.encode(JSON.stringify(header)));
  const sealed = new Uint8Array(await subtle.encrypt({ name: 'AES-GCM', iv, additionalData: text.encode(protectedHeader), tagLength: 128 }, key, text.encode(JSON.stringify(document))));
  return `${protectedHeader}..${b64u(iv)}.${b64u(sealed.slice(0, -16))}.${b64u(sealed.slice(-16))}`;
}

/** 16 random bytes, base64url: makes equal bids seal to different ciphertexts. */
export const randomNonce = () => b64u(globalThis.crypto.getRandomValues(new Uint8Array(16)));
