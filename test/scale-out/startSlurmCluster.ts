import { type ChildProcess, execFile, spawn } from 'node:child_process'
import { existsSync, openSync } from 'node:fs'
import { chmod, mkdir, readFile, writeFile } from 'node:fs/promises'
import { createServer } from 'node:net'
import { hostname } from 'node:os'
import { join } from 'node:path'
import { promisify } from 'node:util'

const run = promisify(execFile)

/** What the cluster needs, and how to get it on Debian (what `.ci/run` does). */
export const SLURM_BINARIES = [
  'mungekey',
  'munged',
  'slurmctld',
  'slurmd',
  'sbatch',
  'scancel',
  'scontrol',
  'sinfo',
] as const
export const SLURM_INSTALL = 'apt-get install -y --no-install-recommends slurmctld slurmd slurm-client munge'

/** A single-node Slurm cluster started by a test, with its own munge socket, ports and state in `dir`. */
export type SlurmCluster = {
  /** The environment for Slurm's clients (`SLURM_CONF`). */
  env: Record<string, string>
  /** Stops the daemons by their PIDs, the latest started first. */
  stop(): Promise<void>
}

/** Where a program is: on PATH, or in the sbin folders a non-login PATH may lack. */
function locate(program: string): string | undefined {
  const dirs = [...(process.env.PATH ?? '').split(':'), '/usr/sbin', '/sbin']
  return dirs
    .filter((dir) => dir !== '')
    .map((dir) => join(dir, program))
    .find((path) => existsSync(path))
}

/** The Slurm and munge programs that cannot be found. */
export function missingSlurmBinaries(): string[] {
  return SLURM_BINARIES.filter((binary) => locate(binary) === undefined)
}

/**
 * Starts munged, slurmctld and slurmd in the foreground (no systemd here: daemonised ones leave
 * zombies), as root, on free ports, with a private munge key and socket, no accounting and no
 * cgroups: a cluster that touches nothing outside `dir`.
 *
 * @param dir an empty folder for the key, socket, state, spool and logs
 */
export async function startSlurmCluster(dir: string): Promise<SlurmCluster> {
  const children: { name: string; child: ChildProcess }[] = []
  const stop = async () => {
    for (const { child } of [...children].reverse()) await stopProcess(child)
  }
  try {
    // munged wants every folder on the socket's path searchable by all, and its key private.
    await chmod(dir, 0o755)
    for (const sub of ['munge', 'state', 'spool', 'log']) await mkdir(join(dir, sub), { mode: 0o755 })
    await run(locate('mungekey') ?? 'mungekey', ['--create', `--keyfile=${join(dir, 'munge', 'munge.key')}`])
    const socket = join(dir, 'munge', 'munge.sock')
    children.push({
      name: 'munged',
      child: daemon(dir, 'munged', [
        '--foreground',
        `--socket=${socket}`,
        `--key-file=${join(dir, 'munge', 'munge.key')}`,
        `--pid-file=${join(dir, 'munge', 'munged.pid')}`,
        `--seed-file=${join(dir, 'munge', 'munged.seed')}`,
        `--log-file=${join(dir, 'log', 'munged.log')}`,
      ]),
    })
    await waitFor(() => existsSync(socket), 'munged to create its socket', children, dir)

    const conf = join(dir, 'slurm.conf')
    await writeFile(conf, await slurmConf(dir, socket))
    const env = { SLURM_CONF: conf }
    children.push({ name: 'slurmctld', child: daemon(dir, 'slurmctld', ['-D', '-i', '-f', conf], env) })
    children.push({ name: 'slurmd', child: daemon(dir, 'slurmd', ['-D', '-N', 'localhost', '-f', conf], env) })
    await waitFor(
      async () => {
        const { stdout } = await run('sinfo', ['-h', '-o', '%T'], { env: { ...process.env, ...env } }).catch(() => ({
          stdout: '',
        }))
        return stdout.trim() === 'idle'
      },
      'the node to be idle',
      children,
      dir,
    )
    return { env, stop }
  } catch (error) {
    await stop()
    throw error
  }
}

async function slurmConf(dir: string, mungeSocket: string): Promise<string> {
  const { stdout } = await run(locate('slurmd') ?? 'slurmd', ['-C'])
  const cpus = /\bCPUs=(\d+)/.exec(stdout)?.[1] ?? '1'
  const memory = /\bRealMemory=(\d+)/.exec(stdout)?.[1] ?? '1000'
  const [controllerPort, nodePort] = [await freePort(), await freePort()]
  return `${[
    'ClusterName=demsimtest',
    `SlurmctldHost=${hostname().split('.')[0]}(127.0.0.1)`,
    `SlurmctldPort=${controllerPort}`,
    `SlurmdPort=${nodePort}`,
    'SlurmUser=root',
    'SlurmdUser=root',
    'AuthType=auth/munge',
    `AuthInfo=socket=${mungeSocket}`,
    'CredType=cred/munge',
    `StateSaveLocation=${join(dir, 'state')}`,
    `SlurmdSpoolDir=${join(dir, 'spool')}`,
    `SlurmctldPidFile=${join(dir, 'slurmctld.pid')}`,
    `SlurmdPidFile=${join(dir, 'slurmd.pid')}`,
    `SlurmctldLogFile=${join(dir, 'log', 'slurmctld.log')}`,
    `SlurmdLogFile=${join(dir, 'log', 'slurmd.log')}`,
    // Kills by process group: linuxproc follows parent ids, and loses a job's processes once a zombie
    // intermediate is reparented to an init that does not reap (as in containers without systemd).
    'ProctrackType=proctrack/pgid',
    'TaskPlugin=task/none',
    'JobAcctGatherType=jobacct_gather/none',
    'AccountingStorageType=accounting_storage/none',
    'JobCompType=jobcomp/none',
    'MpiDefault=none',
    'SchedulerParameters=batch_sched_delay=0',
    'SelectType=select/cons_tres',
    'SelectTypeParameters=CR_Core',
    // Long enough for sbatch --wait to see a cancelled task's state.
    'MinJobAge=600',
    'KillWait=5',
    'ReturnToService=2',
    `NodeName=localhost NodeAddr=127.0.0.1 CPUs=${cpus} RealMemory=${memory} State=UNKNOWN`,
    'PartitionName=debug Nodes=localhost Default=YES MaxTime=INFINITE State=UP',
  ].join('\n')}\n`
}

function daemon(dir: string, program: string, args: string[], env: Record<string, string> = {}): ChildProcess {
  const out = openSync(join(dir, 'log', `${program}.out`), 'a')
  return spawn(locate(program) ?? program, args, { env: { ...process.env, ...env }, stdio: ['ignore', out, out] })
}

async function waitFor(
  ready: () => boolean | Promise<boolean>,
  what: string,
  children: readonly { name: string; child: ChildProcess }[],
  dir: string,
): Promise<void> {
  const deadline = Date.now() + 30_000
  while (!(await ready())) {
    const dead = children.find(({ child }) => child.exitCode !== null || child.signalCode !== null)
    if (dead !== undefined) {
      const log = await readFile(join(dir, 'log', `${dead.name}.out`), 'utf8').catch(() => '')
      throw new Error(`${dead.name} exited while waiting for ${what}: ${log.trim().split('\n').slice(-3).join(' | ')}`)
    }
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what} (logs in ${join(dir, 'log')})`)
    await new Promise((resolve) => setTimeout(resolve, 100))
  }
}

/** SIGTERM, then SIGKILL if it has not exited within 10 s. */
async function stopProcess(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()))
  child.kill('SIGTERM')
  const timer = setTimeout(() => child.kill('SIGKILL'), 10_000)
  await exited
  clearTimeout(timer)
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer()
    server.once('error', reject)
    server.listen(0, '127.0.0.1', () => {
      const address = server.address()
      server.close(() => resolve(typeof address === 'object' && address !== null ? address.port : 0))
    })
  })
}
