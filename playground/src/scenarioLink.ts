/** A scenario in the URL's hash: base64url of its UTF-8 JSON. */
export function encodeScenario(text: string): string {
  const bytes = new TextEncoder().encode(text)
  return btoa(Array.from(bytes, (b) => String.fromCharCode(b)).join(''))
    .replaceAll('+', '-')
    .replaceAll('/', '_')
    .replace(/=+$/, '')
}

/** The scenario JSON a link's hash carries. */
export function decodeScenario(encoded: string): string {
  const binary = atob(encoded.replaceAll('-', '+').replaceAll('_', '/'))
  return new TextDecoder().decode(Uint8Array.from(binary, (c) => c.charCodeAt(0)))
}
