import { mechanismNames } from '../mechanisms/mechanisms.js'
import { BUILTIN_SCENARIO_NAMES } from '../scenarios/builtinScenarios.js'

const mechanismList = mechanismNames().join(', ')
/** Where a command takes a scenario: a file, or one of these names. */
const BUILTIN_SCENARIOS = `Built-in scenarios, by name where no file of that name exists:\n  ${BUILTIN_SCENARIO_NAMES.join(', ')}`

export const MAIN_HELP = `dem-sim — run Decentralized Energy Marketplace scenarios on an embedded EVM and report their gas

Usage
  dem-sim <command> [options]

Commands
  run <scenario.json>     run a scenario: gas per operation, per user and per interval, market outcomes
  gas                     the seed paper's figure in one command: gas per operation for 2, 10, 50 users, settlement included
  sweep <scenario.json>   run a scenario for several user counts: how gas and wall time scale
  economics <scenario.json>  where on-chain trading breaks even: the gas price at which savings pay for the gas, per mechanism
  merge <dir>...          join the shards of a sweep or a city (--shard i/n or auto) into one report
  city <city.json>        run a city of energy communities, each its own market, on worker threads
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
                      kpis-*.csv, the charts energy, state-of-charge (with batteries), bills, prices (.svg)
                      and the tables as Parquet (with @duckdb/node-api installed)
  --users <n>         override users.count
  --seed <n>          override the seed
  --mechanism <m>     the clearing mechanism: a built-in name (${mechanismList}) or a module file
                      (./mine.js) exporting a MarketMechanism (default: the scenario's market.mechanism)
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
  --mechanism <m>     a built-in name (${mechanismList}), a module file (./mine.js), or "all" to
                      run each built-in one and compare them (reports in <dir>/<name>/)
  --out <dir>         write report.md, gas-per-operation.svg, settlement-gas.svg, wall-time.svg, CSV, JSON and Parquet there
  --workers <n>       runs at once on worker threads (default: the available cores)
  --shard <i/n>       run only the i-th of n deterministic shards, into <dir>/shard-i-of-n/ for dem-sim merge
                      (a rerun of a complete shard does nothing); auto: i and n from a Slurm, AWS Batch
                      or Kubernetes array job (auto/n gives n, which a Kubernetes indexed Job needs)
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
  --mechanism <m>     a built-in name (${mechanismList}), a module file (./mine.js), or "all" to
                      run each built-in one and compare them (reports in <dir>/<name>/)
  --out <dir>         write report.md, charts (SVG), CSV, JSON and Parquet there
  --workers <n>       runs at once on worker threads (default: the available cores)
  --shard <i/n>       run only the i-th of n deterministic shards, into <dir>/shard-i-of-n/ for dem-sim merge
                      (a rerun of a complete shard does nothing); auto: i and n from a Slurm, AWS Batch
                      or Kubernetes array job (auto/n gives n, which a Kubernetes indexed Job needs)
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
  dem-sim merge <dir>... --out <dir> [options]

Joins the shards of a sweep or of a city — each written by \`dem-sim sweep|city ... --shard i/n --out <dir>\`
into <dir>/shard-i-of-n/ — into the reports one machine writes, byte for byte (all but timing.csv and
the wall-time chart, which measure the machines); the Parquet tables are the union of the shards'. Give the results folder (or the shard folders). Refused, with every problem named and
nothing written: a shard missing, given twice, incomplete (killed or still running), changed since
it was written, of another scenario, split or dem-sim version, or a Parquet file of another schema.

Options
  --out <dir>         write the merged report.md, charts (SVG), CSV, JSON and Parquet there
  --json              print the merged sweep as JSON on stdout
  --no-charts         do not draw SVG charts
  -q, --quiet         no messages on stderr
  -h, --help          this help
`

export const CITY_HELP = `Usage
  dem-sim city <city.json> [options]

Runs a city: a scenario file with "communities", each its own market on its own chain (its
mechanism, users and strategies as the entry gives them), on worker threads. Prints the city's
KPIs (every household counted once) and each community's.

Options
  --out <dir>         write city.json, report.md, kpis-city.csv, communities.csv, timing.csv and the
                      communities' tables as Parquet (runs, gas, intervals, users, households, KPIs)
  --workers <n>       communities at once on worker threads (default: the available cores)
  --shard <i/n>       run only the i-th of n shards of the communities, into <dir>/shard-i-of-n/ for
                      dem-sim merge (a rerun of a complete shard does nothing); auto: from a Slurm,
                      AWS Batch or Kubernetes array job (auto/n gives n)
  --json              print the city's figures as JSON on stdout
  -q, --quiet         no progress bar
  --allow-outside     let the scenario's CSV paths leave its folder (refused by default)
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
  --mechanism <m>     the clearing mechanism of the scenario given here: a built-in name or a module file
  --allow-outside     let the scenario's CSV paths leave its folder (refused by default)
  -h, --help          this help
`

export const ECONOMICS_HELP = `Usage
  dem-sim economics <scenario.json | built-in name> [options]

Runs the scenario once per clearing mechanism and prints where on-chain trading breaks even: the
gas price at which the community's savings from local trade (grid-only bill − bill, before gas)
equal the gas of its joins, commitments, keeper and oracle transactions — joins counted in full
and amortised over economics.horizonDays — and the net savings on each of economics.networks (an
L1: gas × gas price; a rollup: gas × L2 gas price + compressed calldata × data fee per byte).
Writes break-even.csv, break-even-networks.csv, break-even.json and the chart of net savings
against gas price (break-even.svg, break-even.vl.json). See docs/economics.md.

Options
  --out <dir>         where to write the files (default: the current folder)
  --mechanism <name>  one clearing mechanism, or "all" (default: all)
  --users <n>         override users.count
  --workers <n>       runs at once on worker threads (default: the available cores)
  --json              print the break-evens as JSON on stdout (bigints as decimal strings)
  --no-charts         do not draw the SVG chart (its Vega-Lite spec is still written)
  -q, --quiet         no progress bar
  --allow-outside     let the scenario's CSV paths leave its folder (refused by default)
  -h, --help          this help
`
