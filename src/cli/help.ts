import { BUILTIN_SCENARIO_NAMES } from '../scenarios/builtinScenarios.js'

/** Where a command takes a scenario: a file, or one of these names. */
const BUILTIN_SCENARIOS = `Built-in scenarios, by name where no file of that name exists:\n  ${BUILTIN_SCENARIO_NAMES.join(', ')}`

export const MAIN_HELP = `dem-sim — run Decentralized Energy Marketplace scenarios on an embedded EVM and report their gas

Usage
  dem-sim <command> [options]

Commands
  run <scenario.json>     run a scenario: gas per operation, per user and per interval, market outcomes
  gas                     the seed paper's figure in one command: gas per operation for 2, 10, 50 users, settlement included
  sweep <scenario.json>   run a scenario for several user counts: how gas and wall time scale
  merge <dir>...          join the shards of a sweep (sweep --shard i/n) into one report
  validate <scenario.json>  check a scenario file without running it
  env --stdio [scenario]  a learning agents' environment: JSON lines (reset, step) on stdin and stdout

Options
  -h, --help              help (also: dem-sim <command> --help)
  -v, --version           the version

Exit status: 0 done, 1 a run failed, 2 bad usage or a bad scenario file (one line on stderr names the field).
Scenarios: a JSON file, or a built-in one by name — ${BUILTIN_SCENARIO_NAMES.join(', ')}
(dem-sim run solar). The files, with csv.json and its CSV, ship in the package's examples/scenarios/
(node_modules/dem-sim/examples/scenarios/ once installed); their JSON Schema is schema/scenario.schema.json.
`

export const RUN_HELP = `Usage
  dem-sim run <scenario.json | built-in name> [options]

Runs the scenario on a fresh embedded chain: users join, commit every interval, the keeper
processes the buffer, the oracle reports, the keeper settles. Prints a summary, the gas table
and the households' KPIs (self-sufficiency, bills against the grid tariff, savings, gas).
${BUILTIN_SCENARIOS}

Options
  --out <dir>         write result.json, report.md, gas.csv, deployments.csv, intervals.csv, users.csv,
                      kpis-*.csv and the charts energy, state-of-charge (with batteries), bills, prices (.svg)
  --users <n>         override users.count
  --seed <n>          override the seed
  --mechanism <name>  the clearing mechanism (default: the scenario's market.mechanism, else oracle-price)
  --rpc <url>         run on a JSON-RPC dev node (anvil, Hardhat) instead of the embedded chain
  --verify-gas        with --rpc: replay the run on the embedded chain and print every transaction whose gas or status differs
  --json              print the full result as JSON on stdout (bigints as decimal strings)
  --no-charts         do not draw SVG charts (their Vega-Lite specs are still written)
  -q, --quiet         no progress bar
  --allow-outside     let the scenario's CSV paths leave its folder (refused by default)
  -h, --help          this help
`

export const GAS_HELP = `Usage
  dem-sim gas [options]

The seed paper's bar chart of gas per operation against the number of users — with settlement,
which the seed never exercised. Runs the built-in "paper" scenario (each user registers,
approves, deposits and commits once; half produce, half consume; the oracle reports; the
keeper settles) once per user count.
${BUILTIN_SCENARIOS}

Options
  --users <list>      user counts, comma-separated (default 2,10,50)
  --rpc <url>         run on a JSON-RPC dev node, one count after another from a snapshot
  --scenario <file>   a scenario file or another built-in scenario's name instead of "paper"
  --onboarding <how>  registerInPool | registerTransfer | registerApproveDeposit (default: the scenario's)
  --mechanism <name>  a clearing mechanism, or "all" to run each and compare them (reports in <dir>/<name>/)
  --out <dir>         write report.md, gas-per-operation.svg, settlement-gas.svg, wall-time.svg, CSV and JSON there
  --workers <n>       runs at once on worker threads (default: the available cores)
  --shard <i/n>       run only the i-th of n deterministic shards; write it to --out for dem-sim merge
  --json              print the sweep as JSON on stdout
  --no-charts         do not draw SVG charts
  -q, --quiet         no progress bar
  --allow-outside     let the scenario's CSV paths leave its folder (refused by default)
  -h, --help          this help
`

export const SWEEP_HELP = `Usage
  dem-sim sweep <scenario.json | built-in name> --users <list> [options]

Runs the scenario once per user count (each replacing users.count) on worker threads, and
reports gas per operation, settlement gas against the block gas limit, and wall time.
${BUILTIN_SCENARIOS}

Options
  --users <list>      user counts, comma-separated (default 2,10,50,200,1000)
  --mechanism <name>  a clearing mechanism, or "all" to run each and compare them (reports in <dir>/<name>/)
  --out <dir>         write report.md, charts (SVG), CSV and JSON there
  --workers <n>       runs at once on worker threads (default: the available cores)
  --shard <i/n>       run only the i-th of n deterministic shards; write it to --out for dem-sim merge
  --json              print the sweep as JSON on stdout
  --no-charts         do not draw SVG charts
  -q, --quiet         no progress bar
  --allow-outside     let the scenario's CSV paths leave its folder (refused by default)
  -h, --help          this help
`

export const VALIDATE_HELP = `Usage
  dem-sim validate <scenario.json | built-in name> [--json] [--allow-outside]

Checks a scenario file and plans it (roles, commitments, oracle readings) without running it.
Exit status 0 when it is valid, 2 with a one-line error naming the file and the field otherwise.
${BUILTIN_SCENARIOS}

Options
  --json              print the plan's summary as JSON
  --allow-outside     let the scenario's CSV paths leave its folder (refused by default)
  -h, --help          this help
`

export const MERGE_HELP = `Usage
  dem-sim merge <dir-or-file>... --out <dir> [options]

Joins the shards of a sweep — each written by \`dem-sim sweep ... --shard i/n --out <dir>\` —
into the reports one machine's sweep writes, byte for byte (all but timing.csv and the wall-time
chart, which measure the machines). Every shard 1..n must be given once, from the same scenario
and user counts.

Options
  --out <dir>         write the merged report.md, charts (SVG), CSV and JSON there
  --json              print the merged sweep as JSON on stdout
  --no-charts         do not draw SVG charts
  -q, --quiet         no messages on stderr
  -h, --help          this help
`

export const ENV_HELP = `Usage
  dem-sim env --stdio [<scenario.json | built-in name>] [options]

Serves the learning agents' environment (createMarketEnv) as JSON lines: one request per line on
stdin, one answer per line on stdout, bigints as decimal strings. Requests:
  {"type":"reset","seed":1,"scenario":{...},"agents":[0,1]}   → {"type":"reset","observations":{...},"info":{...}}
  {"type":"step","actions":{"0":{"commitments":[...],"battery":{...}}}} → {"type":"step","observations","rewards","done","info"}
  {"type":"result"}  → {"type":"result","result":{...}}     {"type":"close"} → {"type":"closed"}
A bad request is answered {"type":"error","name":...,"message":...} and the session goes on.
"scenario" and "agents" are optional after the first reset (or when given here). See docs/env-protocol.md.
${BUILTIN_SCENARIOS}

Options
  --stdio             speak the protocol on stdin/stdout (required)
  --agents <list>     user indices driven by the agent, comma-separated, or all (default all)
  --mechanism <name>  the clearing mechanism of the scenario given here
  --allow-outside     let the scenario's CSV paths leave its folder (refused by default)
  -h, --help          this help
`
