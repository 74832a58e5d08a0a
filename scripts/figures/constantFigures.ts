import { KEEPER_BATCHES } from '../../src/market/keeperBatches.js'
import { DEFAULT_HARDFORK, SUPPORTED_HARDFORKS } from '../../src/chain/hardforks.js'
import { SOLC_VERSION } from '../../src/compile/compilerSettings.js'
import { OPTIONAL_PEERS } from '../../src/errors/MissingPeerDependencyError.js'
import { formatCell } from '../../src/reports/ReportTable.js'
import { BUILTIN_SCENARIO_NAMES } from '../../src/scenarios/builtinScenarios.js'
import { DEFAULT_MECHANISM, MECHANISMS } from '../../src/mechanisms/mechanisms.js'
import type { Figure } from './Figure.js'

const install = (names: (keyof typeof OPTIONAL_PEERS)[]) =>
  `npm install ${names.map((name) => `${name}@${OPTIONAL_PEERS[name]}`).join(' ')}`

/** Facts the docs quote from constants in the code: mechanisms, keeper batches, built-in scenarios, hardforks, optional packages. */
export const constantFigures: Figure = {
  name: 'constants',
  produce: async () => ({
    blocks: {
      'keeper-batches': [
        '| keeper call | items per transaction, default | at most |',
        '|:---|---:|---:|',
        `| \`processBuffer\`, \`expireInterval\` | ${formatCell(KEEPER_BATCHES.process.default)} | ${formatCell(KEEPER_BATCHES.process.max)} |`,
        `| \`settle\` | ${formatCell(KEEPER_BATCHES.settle.default)} | ${formatCell(KEEPER_BATCHES.settle.max)} |`,
        '',
      ].join('\n'),
      'mechanism-names': `${MECHANISMS.map((m) => `\`${m.name}\`${m === DEFAULT_MECHANISM ? ' (the default)' : ''}`).join(', ')}.\n`,
      'builtin-scenarios': `${BUILTIN_SCENARIO_NAMES.map((name) => `[\`${name}\`](/examples/scenarios/${name}.json)`).join(', ')}\n`,
      hardforks: `\`${DEFAULT_HARDFORK}\` by default; ${SUPPORTED_HARDFORKS.filter((h) => h !== DEFAULT_HARDFORK)
        .map((h) => `\`${h}\``)
        .join(', ')} with \`createChain({ hardfork })\`; contracts built with solc ${SOLC_VERSION}.\n`,
      'chart-packages': `\`\`\`sh\n${install(['vega', 'vega-lite'])}\n\`\`\`\n`,
      'compiler-packages': `\`\`\`sh\n${install(['solc', '@openzeppelin/contracts'])}\n\`\`\`\n`,
    },
  }),
}
