// The embedded chain on its own: compile a contract at run time, deploy it, send transactions,
// read exact gas from receipts, catch a typed revert, and rewind with a snapshot.
import { TransactionRevertedError, compileContracts, createChain } from 'dem-sim'

const source = `
pragma solidity ^0.8.24;
contract Meter {
    error MeterReadingTooHigh(uint256 readingWh, uint256 limitWh);
    event Recorded(address indexed by, uint256 readingWh);
    mapping(address => uint256) public totalWh;
    function record(uint256 readingWh) external {
        if (readingWh > 10_000) revert MeterReadingTooHigh(readingWh, 10_000);
        totalWh[msg.sender] += readingWh;
        emit Recorded(msg.sender, readingWh);
    }
}`

const { Meter } = await compileContracts({ sources: { 'Meter.sol': source } })
if (Meter === undefined) throw new Error('Meter did not compile')

const chain = await createChain()
const { address, receipt: deployed } = await chain.deploy({ artifact: Meter })
console.log(`deployed Meter at ${address} for ${deployed.gasUsed} gas`)

const first = await chain.send({ address, abi: Meter.abi, functionName: 'record', args: [1_500n], from: 1 })
console.log(`first reading:  ${first.receipt.gasUsed} gas, event ${first.receipt.logs[0]?.eventName}`)
const second = await chain.send({ address, abi: Meter.abi, functionName: 'record', args: [500n], from: 1 })
console.log(`second reading: ${second.receipt.gasUsed} gas (the slot is no longer fresh)`)

const snapshot = chain.snapshot()
try {
  await chain.send({ address, abi: Meter.abi, functionName: 'record', args: [50_000n], from: 1 })
} catch (error) {
  if (!(error instanceof TransactionRevertedError)) throw error
  const args = Object.entries(error.namedArgs ?? {}).map(([name, value]) => `${name}=${value}`)
  console.log(`reverted with ${error.errorName}(${args.join(', ')}) after ${error.receipt.gasUsed} gas`)
}
await chain.send({ address, abi: Meter.abi, functionName: 'record', args: [1n], from: 1 })
chain.revert(snapshot)

const total = await chain.call({ address, abi: Meter.abi, functionName: 'totalWh', args: [chain.accounts[1]!.address] })
console.log(`total after reverting to the snapshot: ${total} Wh`)
