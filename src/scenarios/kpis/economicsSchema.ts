import { MAX_NAME_LENGTH, type Node, object } from '../schemaNodes.js'

/**
 * Defaults and bounds of the `economics` section: what the KPIs price gas and ether at, and the
 * networks the break-even analysis prices a run's transactions on. docs/economics.md gives each
 * default's source and date.
 */
export const DEFAULT_ECONOMICS = {
  gasPriceGwei: 1,
  ethPrice: 3000,
  currency: 'EUR',
  horizonDays: 365,
  transactionOverheadBytes: 100,
  networks: [
    { name: 'Ethereum L1', gasPriceGwei: 2, dataFeeGweiPerByte: 0 },
    { name: 'Arbitrum One', gasPriceGwei: 0.01, dataFeeGweiPerByte: 0.07 },
    { name: 'Base', gasPriceGwei: 0.005, dataFeeGweiPerByte: 0.07 },
  ],
} as const
export const MAX_GAS_PRICE_GWEI = 1_000_000
export const MAX_ETH_PRICE = 1_000_000_000
/** A century: a longer horizon would make joining free in all but name. */
export const MAX_HORIZON_DAYS = 36_500
export const MAX_TRANSACTION_OVERHEAD_BYTES = 10_000
export const MAX_DATA_FEE_GWEI_PER_BYTE = 1_000_000
export const MAX_NETWORKS = 20

const gweiField = (description: string): Node => ({
  description,
  type: 'number',
  minimum: 0,
  maximum: MAX_GAS_PRICE_GWEI,
})

export const NETWORK_FIELDS = {
  name: {
    description: 'The network in tables and on the chart.',
    type: 'string',
    minLength: 1,
    maxLength: MAX_NAME_LENGTH,
  },
  gasPriceGwei: gweiField("Price per gas unit of the run's transactions (a rollup's L2 gas price), in gwei."),
  dataFeeGweiPerByte: {
    description:
      'What a rollup charges per byte of compressed transaction data it posts to its L1, in gwei. 0 for an L1 (its calldata is in the gas). Default 0.',
    type: 'number',
    minimum: 0,
    maximum: MAX_DATA_FEE_GWEI_PER_BYTE,
  },
} satisfies Record<string, Node>

export const ECONOMICS_FIELDS = {
  gasPriceGwei: {
    description: `Gas price in gwei that the KPIs charge each household's transactions at (rounded to whole wei). Default ${DEFAULT_ECONOMICS.gasPriceGwei}.`,
    type: 'number',
    minimum: 0,
    maximum: MAX_GAS_PRICE_GWEI,
  },
  ethPrice: {
    description: `The price of one ether in the currency, for amounts shown in it. Default ${DEFAULT_ECONOMICS.ethPrice}.`,
    type: 'number',
    exclusiveMinimum: 0,
    maximum: MAX_ETH_PRICE,
  },
  currency: {
    description: `ISO 4217 code of the currency that amounts are shown in. Default "${DEFAULT_ECONOMICS.currency}".`,
    type: 'string',
    pattern: '^[A-Z]{3}$',
  },
  horizonDays: {
    description: `Days over which the users' joining transactions are amortised in the break-even analysis; at least the run's length. Default ${DEFAULT_ECONOMICS.horizonDays}.`,
    type: 'number',
    exclusiveMinimum: 0,
    maximum: MAX_HORIZON_DAYS,
  },
  transactionOverheadBytes: {
    description: `Bytes a rollup posts per transaction besides its compressed calldata (nonce, fees, recipient, signature). Default ${DEFAULT_ECONOMICS.transactionOverheadBytes}.`,
    type: 'integer',
    minimum: 0,
    maximum: MAX_TRANSACTION_OVERHEAD_BYTES,
  },
  networks: {
    description: `The networks the break-even analysis prices the run on (marks on its chart), replacing the defaults: ${DEFAULT_ECONOMICS.networks.map((n) => n.name).join(', ')}.`,
    type: 'array',
    maxItems: MAX_NETWORKS,
    items: object(NETWORK_FIELDS, ['name', 'gasPriceGwei']),
  },
} satisfies Record<string, Node>
