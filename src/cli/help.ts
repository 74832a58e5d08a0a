export const MAIN_HELP = `dem-sim — run Decentralized Energy Marketplace scenarios on an embedded EVM and report their gas

Usage
  dem-sim <command> [options]

Commands
  run <scenario.json>     run a scenario: gas per operation, per user and per interval, market outcomes
  gas                     the seed paper's figure in one command: gas per operation for 2, 10, 50 users, settlement included
  sweep <scenario.json>   run a scenario for several user counts: how gas and wall time scale
  validate <scenario.json>  check a scenario file without running it

Options
  -h, --help              help (also: dem-sim <command> --help)
  -v, --version           the version

Exit status: 0 done, 1 a run failed, 2 bad usage or a bad scenario file (one line on stderr names the field).
Scenario files: see examples/scenarios/ and the README's "Experiments" section.
`

export const RUN_HELP = `Usage
  dem-sim run <scenario.json> [options]

Runs the scenario on a fresh embedded chain: users join, commit every interval, the keeper
processes the buffer, the oracle reports, the keeper settles. Prints a summary and the gas table.

Options
  --out <dir>         write result.json, report.md, gas.csv, intervals.csv, users.csv and energy.svg there
  --users <n>         override users.count
  --seed <n>          override the seed
  --mechanism <name>  the clearing mechanism (default: the scenario's market.mechanism, else oracle-price)
  --rpc <url>         run on a JSON-RPC dev node (anvil, Hardhat) instead of the embedded chain
  --verify-gas        with --rpc: replay the run on the embedded chain and print every transaction whose gas or status differs
  --json              print the full result as JSON on stdout (bigints as decimal strings)
  --no-charts         do not draw SVG charts (their Vega-Lite specs are still written)
  -q, --quiet         no progress bar
  -h, --help          this help
`

export const GAS_HELP = `Usage
  dem-sim gas [options]

The seed paper's bar chart of gas per operation against the number of users — with settlement,
which the seed never exercised. Runs the built-in "paper" scenario (each user registers,
approves, deposits and commits once; half produce, half consume; the oracle reports; the
keeper settles) once per user count.

Options
  --users <list>      user counts, comma-separated (default 2,10,50)
  --rpc <url>         run on a JSON-RPC dev node, one count after another from a snapshot
  --scenario <file>   a scenario file instead of the built-in one
  --onboarding <how>  registerInPool | registerTransfer | registerApproveDeposit (default: the scenario's)
  --mechanism <name>  a clearing mechanism, or "all" to run each and compare them (reports in <dir>/<name>/)
  --out <dir>         write report.md, gas-per-operation.svg, settlement-gas.svg, wall-time.svg, CSV and JSON there
  --workers <n>       runs at once on worker threads (default: the available cores)
  --json              print the sweep as JSON on stdout
  --no-charts         do not draw SVG charts
  -q, --quiet         no progress bar
  -h, --help          this help
`

export const SWEEP_HELP = `Usage
  dem-sim sweep <scenario.json> --users <list> [options]

Runs the scenario once per user count (each replacing users.count) on worker threads, and
reports gas per operation, settlement gas against the block gas limit, and wall time.

Options
  --users <list>      user counts, comma-separated (default 2,10,50,200,1000)
  --mechanism <name>  a clearing mechanism, or "all" to run each and compare them (reports in <dir>/<name>/)
  --out <dir>         write report.md, charts (SVG), CSV and JSON there
  --workers <n>       runs at once on worker threads (default: the available cores)
  --json              print the sweep as JSON on stdout
  --no-charts         do not draw SVG charts
  -q, --quiet         no progress bar
  -h, --help          this help
`

export const VALIDATE_HELP = `Usage
  dem-sim validate <scenario.json> [--json]

Checks a scenario file and plans it (roles, commitments, oracle readings) without running it.
Exit status 0 when it is valid, 2 with a one-line error naming the field otherwise.

Options
  --json              print the plan's summary as JSON
  -h, --help          this help
`
