/**
 * The package's version, when running from the built package (which resolves itself by name);
 * `unknown` from sources.
 */
export function packageVersion(): string {
  try {
    return typeof require === 'function' ? (require('dem-sim/package.json') as { version: string }).version : 'unknown'
  } catch {
    return 'unknown'
  }
}
