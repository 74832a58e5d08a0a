"""Federated learning agents: one small numpy policy per household, averaged after each round.

Every household of a 10-home community is an agent of the PettingZoo environment. Each has its own
linear policy (action = tanh(W · observation + b), 69 numbers) and learns from its own reward
with antithetic evolution strategies: in a round, every household tries its parameters plus and
minus its own random perturbation on the same training day (two episodes), and moves along the
perturbation by how much better the plus side did. Then the households' parameters are averaged
(federated averaging, FedAvg) and every household starts the next round from the average: only
parameters travel, never a household's observations or rewards.

The learned policy is then compared, on held-out days (seeds never trained on), with a random
policy and with the built-in `profile` and `price-responsive` strategies (whose users see perfect
forecasts, while the agents see forecasts with 10 % errors): the community's bill before gas, its
gas at the scenario's economics, the bill after gas, and self-sufficiency.

    DEM_SIM_COMMAND="node dist/cli.js" .venv/bin/python python/examples/federated.py            # full
    DEM_SIM_COMMAND="node dist/cli.js" .venv/bin/python python/examples/federated.py --short    # CI

`--short` trains a few rounds and exits non-zero unless the learned policy's community bill beats
a random policy's on the same held-out days. `--markdown FILE` writes the figures between the
markers `<!-- federated:start -->` and `<!-- federated:end -->` of FILE (docs/agents.md).
"""

from __future__ import annotations

import argparse
import re
import sys
import time
from dataclasses import dataclass
from typing import Callable

import numpy as np

from dem_sim import DemSimParallelEnv, run_scenario

SCENARIO = {
    "name": "federated-community",
    "intervals": 24,
    "users": {
        "count": 10,
        "groups": [
            {"name": "prosumers", "share": 0.4, "role": "prosumer", "battery": {"capacityWh": 6000}},
            {"name": "consumers", "share": 0.4, "role": "consumer"},
            {"name": "producers", "share": 0.2, "role": "producer"},
        ],
    },
    "profiles": {
        "production": {"type": "solar", "peakWh": 3000, "jitter": 0.2},
        "consumption": {"type": "evening-peak", "jitter": 0.2},
    },
}
FORECAST_NOISE = 0.1
HELD_OUT = (1001, 1002, 1003)


@dataclass
class Settings:
    rounds: int
    sigma: float = 0.3
    learning_rate: float = 0.15
    seed: int = 7
    reward_gas: bool = False


def make_env(reward_gas: bool) -> DemSimParallelEnv:
    return DemSimParallelEnv(SCENARIO, forecast_noise=FORECAST_NOISE, reward_gas=reward_gas)


Policy = Callable[[str, np.ndarray], np.ndarray]


def linear(parameters: dict[str, np.ndarray]) -> Policy:
    """Each agent's linear policy: action = tanh(W x + b), its (3, n + 1) matrix in ``parameters[agent]``."""
    return lambda agent, x: np.tanh(parameters[agent] @ np.append(x, 1.0)).astype(np.float32)


def episode(env: DemSimParallelEnv, day: int, policy: Policy) -> dict[str, float]:
    """Plays one day; returns each agent's return (reward units)."""
    observations, _ = env.reset(seed=day)
    returns = {agent: 0.0 for agent in env.possible_agents}
    while env.agents:
        actions = {agent: policy(agent, observations[agent]) for agent in env.agents}
        observations, rewards, _, _, _ = env.step(actions)
        for agent, reward in rewards.items():
            returns[agent] += reward
    return returns


def train(settings: Settings, log: Callable[[str], None]) -> np.ndarray:
    """Federated antithetic evolution strategies; returns the averaged parameters."""
    env = make_env(settings.reward_gas)
    agents = env.possible_agents
    size = (3, env.observation_space(agents[0]).shape[0] + 1)
    rng = np.random.default_rng(settings.seed)
    shared = np.zeros(size)
    for round_ in range(settings.rounds):
        day = int(rng.integers(0, 1000))  # training days: seeds below 1000; held-out days are above
        noise = {agent: rng.standard_normal(size) for agent in agents}
        plus = episode(env, day, linear({a: shared + settings.sigma * noise[a] for a in agents}))
        minus = episode(env, day, linear({a: shared - settings.sigma * noise[a] for a in agents}))
        gains = np.array([plus[a] - minus[a] for a in agents])
        scale = gains.std() + 1e-8
        # Each household's local step, from its own reward only; then the federated average of the results.
        local = {a: shared + settings.learning_rate * (gains[k] / scale) * noise[a] for k, a in enumerate(agents)}
        shared = np.mean([local[a] for a in agents], axis=0)
        mean_return = np.mean([(plus[a] + minus[a]) / 2 for a in agents])
        log(f"round {round_ + 1:3d}/{settings.rounds}: day {day:3d}, mean household return {mean_return:9.2f}")
    env.close()
    return shared


def community(result: dict) -> dict[str, float]:
    total = result["kpis"]["community"]["total"]
    bill = int(total["billWei"])
    gas = int(total["gasCostWei"])
    return {
        "bill": bill,
        "gas": gas,
        "after_gas": bill + gas,
        "self_sufficiency": float(total["selfSufficiency"] or 0),
        "battery_kwh": int(total["batteryThroughputWh"]) / 1000,
    }


def evaluate_policy(policy: Policy | None, reward_gas: bool, days: tuple[int, ...]) -> list[dict[str, float]]:
    env = make_env(reward_gas)
    figures = []
    for day in days:
        if policy is None:
            rng = np.random.default_rng(day)
            space = env.action_space(env.possible_agents[0])
            episode(env, day, lambda agent, x: rng.uniform(space.low, space.high).astype(np.float32))
        else:
            episode(env, day, policy)
        figures.append(community(env.result()))
    env.close()
    return figures


def evaluate_strategy(strategy: str, days: tuple[int, ...]) -> list[dict[str, float]]:
    figures = []
    for day in days:
        scenario = {
            **SCENARIO,
            "users": {
                **SCENARIO["users"],
                "groups": [{**g, "strategy": {"type": strategy}} for g in SCENARIO["users"]["groups"]],
            },
        }
        figures.append(community(run_scenario(scenario, seed=day)))
    return figures


def mean(figures: list[dict[str, float]]) -> dict[str, float]:
    return {key: float(np.mean([f[key] for f in figures])) for key in figures[0]}


def table(rows: dict[str, dict[str, float]], days: tuple[int, ...]) -> str:
    wei = 1e15  # shown in milli-ether (1e15 wei)
    lines = [
        f"Community of 10 households, mean over held-out days {', '.join(map(str, days))} (mETH = 10^15 wei):",
        "",
        "| policy | bill before gas (mETH) | gas (mETH) | bill after gas (mETH) | self-sufficiency | battery throughput (kWh) |",
        "|---|---:|---:|---:|---:|---:|",
    ]
    for name, m in rows.items():
        lines.append(
            f"| {name} | {m['bill'] / wei:.3f} | {m['gas'] / wei:.3f} | {m['after_gas'] / wei:.3f} | {m['self_sufficiency']:.1%} | {m['battery_kwh']:.1f} |"
        )
    return "\n".join(lines)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--short", action="store_true", help="a few rounds; assert the learned policy beats a random one")
    parser.add_argument("--rounds", type=int, help="training rounds (default 40, or 3 with --short)")
    parser.add_argument("--reward-gas", action="store_true", help="train with each household's gas in its reward")
    parser.add_argument("--markdown", help="write the figures into this file between the federated markers")
    args = parser.parse_args()
    settings = Settings(rounds=args.rounds or (3 if args.short else 40), reward_gas=args.reward_gas)
    days = HELD_OUT[:2] if args.short else HELD_OUT
    started = time.perf_counter()
    shared = train(settings, print)
    print(f"trained {settings.rounds} rounds in {time.perf_counter() - started:.0f} s")
    learned = linear({agent: shared for agent in make_env(False).possible_agents})
    rows = {
        "learned (federated)": mean(evaluate_policy(learned, settings.reward_gas, days)),
        "random": mean(evaluate_policy(None, settings.reward_gas, days)),
    }
    if not args.short:
        rows["profile"] = mean(evaluate_strategy("profile", days))
        rows["price-responsive"] = mean(evaluate_strategy("price-responsive", days))
    text = table(rows, days)
    print(text)
    if args.markdown:
        with open(args.markdown, encoding="utf-8") as file:
            doc = file.read()
        command = "python/examples/federated.py" + (" --reward-gas" if settings.reward_gas else "")
        block = f"<!-- federated:start -->\n{text}\n\n(printed by `{command}`, {settings.rounds} rounds)\n<!-- federated:end -->"
        doc, replaced = re.subn(r"<!-- federated:start -->.*?<!-- federated:end -->", lambda _: block, doc, flags=re.S)
        if replaced != 1:
            print(f"{args.markdown} has no federated markers", file=sys.stderr)
            return 1
        with open(args.markdown, "w", encoding="utf-8") as file:
            file.write(doc)
    if args.short:
        learned_bill, random_bill = rows["learned (federated)"]["bill"], rows["random"]["bill"]
        if not learned_bill < random_bill:
            print(f"FAILED: the learned policy's bill {learned_bill:.0f} is not below the random one's {random_bill:.0f}")
            return 1
        print("1 passed, 0 failed: the learned policy's community bill is below a random policy's on the same days")
    return 0


if __name__ == "__main__":
    sys.exit(main())
