/**
 * A same-origin path to send someone to after an action, or `fallback`. Only a plain absolute
 * path is accepted: no scheme, no host, no protocol-relative `//` or `/\`, no control characters.
 */
export function safeNextPath(next: string | undefined | null, fallback = '/'): string {
  if (!next || next.length > 2048 || !next.startsWith('/') || next.startsWith('//') || next.startsWith('/\\')) return fallback;
  if ([...next].some((ch) => ch.charCodeAt(0) < 0x20 || ch.charCodeAt(0) === 0x7f || ch === '\\')) return fallback;
  const base = 'http://nara.invalid';
  let url: URL;
  try {
    url = new URL(next, base);
  } catch {
    return fallback;
  }
  if (url.origin !== base) return fallback;
  return `${url.pathname}${url.search}${url.hash}`;
}
