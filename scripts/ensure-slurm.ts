// `npm test`'s second step: the Slurm test (test/scale-out/slurmArray.test.ts) starts a single-node
// cluster of Debian's Slurm — munged, slurmctld and slurmd in the foreground with their own key,
// ports and state, stopped by PID — so their programs must be installed. Where apt-get can, it
// installs them; otherwise it says in one line how.
import { aptInstall, onPath } from './aptGet.js'

const COMMANDS = ['slurmctld', 'slurmd', 'sbatch', 'munged', 'mungekey']
const PACKAGES = ['slurmctld', 'slurmd', 'slurm-client', 'munge']

if (!COMMANDS.every(onPath)) {
  if (aptInstall(PACKAGES, 'for the Slurm test', { recommends: false }) && COMMANDS.every(onPath)) process.exit(0)
  console.error(
    `npm test needs Slurm and munge (${COMMANDS.join(', ')}) for the Slurm job-array test: install them (Debian, Ubuntu: sudo apt-get install -y --no-install-recommends ${PACKAGES.join(' ')})`,
  )
  process.exit(1)
}
