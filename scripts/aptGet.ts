// What `npm test`'s first steps share: installing Debian packages with apt-get where this machine
// lets them (root, apt-get present), quietly, an `apt-get update` only when the first try fails.
import { spawnSync } from 'node:child_process'

const aptGet = (args: readonly string[]) =>
  spawnSync('apt-get', args, {
    stdio: ['ignore', 'ignore', 'inherit'],
    env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' },
  }).status === 0

/**
 * Installs `packages` with apt-get, saying so on stderr first.
 *
 * @param packages Debian package names
 * @param why what needs them, for the one line it prints (`for the browser tests`)
 * @param options `recommends: false` passes `--no-install-recommends`
 * @returns whether apt-get ran and succeeded (false at once where there is no apt-get; not root,
 *   apt-get refuses at once, its lock being root's)
 */
export function aptInstall(packages: readonly string[], why: string, options: { recommends?: boolean } = {}): boolean {
  if (spawnSync('apt-get', ['--version'], { stdio: 'ignore' }).status !== 0) return false
  const install = ['install', '-y', ...(options.recommends === false ? ['--no-install-recommends'] : []), ...packages]
  console.error(`npm test: installing Debian's ${packages.join(' ')} ${why} (apt-get ${install.join(' ')})`)
  return aptGet(install) || (aptGet(['update']) && aptGet(install))
}

/** Whether `command` is on the PATH. */
export function onPath(command: string): boolean {
  return spawnSync('sh', ['-c', `command -v ${command}`], { stdio: 'ignore' }).status === 0
}
