/**
 * Stands in for the `debug` package in the browser bundle. The VM only logs through it when
 * `DEBUG=ethjs` is set in Node, and the real package pulls in Node built-ins (tty, util) or
 * `process`; a logger that is never enabled is all the browser needs.
 */
type Logger = ((...args: unknown[]) => void) & { enabled: boolean; namespace: string; extend(suffix: string): Logger }

export default function createDebug(namespace: string): Logger {
  const logger = Object.assign(() => {}, {
    enabled: false,
    namespace,
    extend: (suffix: string) => createDebug(`${namespace}:${suffix}`),
  })
  return logger
}
