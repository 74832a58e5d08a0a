// A researcher's own contract, written for solc 0.8.19 and measured long ago on a london-era
// chain: compile it with that compiler (installed as `npm i -D solc-0.8.19@npm:solc@0.8.19`),
// optimizer off and evmVersion london, deploy it on a london chain with anvil's and Hardhat's
// default accounts (the mnemonic), send from an impersonated address, and print the gas table.
import { compileContracts, createChain, createGasLedger, gasLedgerTable, tableToText, type AddressHex } from 'dem-sim'

const source = `
// SPDX-License-Identifier: MIT
pragma solidity 0.8.19;
contract EnergyLedger {
    struct Reading { uint64 energyWh; uint64 timestamp; }
    mapping(address => Reading[]) private _readings;
    event ReadingRecorded(address indexed prosumer, uint256 energyWh);
    function record(uint64 energyWh) external {
        _readings[msg.sender].push(Reading(energyWh, uint64(block.timestamp)));
        emit ReadingRecorded(msg.sender, energyWh);
    }
    function count(address prosumer) external view returns (uint256) { return _readings[prosumer].length; }
}`

const { EnergyLedger } = await compileContracts({
  sources: { 'EnergyLedger.sol': source },
  solc: '0.8.19',
  optimizer: { enabled: false },
  evmVersion: 'london',
})
if (EnergyLedger === undefined) throw new Error('EnergyLedger did not compile')
// london has no PUSH0 (0x5f, from shanghai on): solc must not have emitted it for evmVersion london.
if (opcodes(EnergyLedger.bytecode).includes(0x5f)) throw new Error('built for a newer evmVersion than london')

const chain = await createChain({
  hardfork: 'london',
  mnemonic: 'test test test test test test test test test test test junk',
  accounts: 3,
})
const [deployer, alice] = chain.accounts
if (deployer?.address !== '0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266')
  throw new Error(`unexpected first account ${deployer?.address}`)

const gas = createGasLedger()
const { address, receipt } = await chain.deploy({ artifact: EnergyLedger, from: deployer.address })
gas.record('deploy', receipt)
for (const energyWh of [1_500n, 2_000n, 0n]) {
  gas.record(
    'record',
    (
      await chain.send({
        address,
        abi: EnergyLedger.abi,
        functionName: 'record',
        args: [energyWh],
        from: alice?.address,
      })
    ).receipt,
  )
}

// A recorded run can be replayed from its original addresses: fund one and send from it.
const original: AddressHex = '0x1dF62f291b2E969fB0849d99D9Ce41e2F137006e'
await chain.setBalance(original, 10n ** 18n)
gas.record(
  'record',
  (await chain.send({ address, abi: EnergyLedger.abi, functionName: 'record', args: [750n], from: original })).receipt,
)

const readings = await chain.call({ address, abi: EnergyLedger.abi, functionName: 'count', args: [original] })
if (readings !== 1n) throw new Error(`expected one reading from ${original}, got ${readings}`)

console.log(`EnergyLedger compiled with solc 0.8.19 (optimizer off, evmVersion london), on a ${chain.hardfork} chain`)
console.log(tableToText(gasLedgerTable(gas.table())))

/** The opcodes of `bytecode`, skipping PUSH data. */
function opcodes(bytecode: string): number[] {
  const found: number[] = []
  for (let i = 2; i < bytecode.length; i += 2) {
    const opcode = Number.parseInt(bytecode.slice(i, i + 2), 16)
    found.push(opcode)
    if (opcode >= 0x60 && opcode <= 0x7f) i += 2 * (opcode - 0x5f)
  }
  return found
}
