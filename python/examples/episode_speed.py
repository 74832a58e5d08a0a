"""How long a 24-step episode of 10 households takes through Python, after the first reset.

Run: DEM_SIM_COMMAND="node dist/cli.js" .venv/bin/python python/examples/episode_speed.py
Prints the first reset (it deploys the market and has every user join), then for each of a few
episodes its reset (a revert of the joined market) and its 24 steps, every household an agent.
"""

from __future__ import annotations

import statistics
import time

import numpy as np

from dem_sim import DemSimParallelEnv

SCENARIO = {
    "intervals": 24,
    "users": {
        "count": 10,
        "groups": [
            {"share": 0.4, "role": "prosumer", "battery": {"capacityWh": 6000}},
            {"share": 0.4, "role": "consumer"},
            {"share": 0.2, "role": "producer"},
        ],
    },
}
EPISODES = 5


def main() -> None:
    env = DemSimParallelEnv(SCENARIO)
    start = time.perf_counter()
    env.reset(seed=0)
    print(f"first reset (deploy and join): {1000 * (time.perf_counter() - start):.0f} ms")
    zero = np.zeros(3, dtype=np.float32)
    resets, episodes = [], []
    for episode in range(EPISODES):
        start = time.perf_counter()
        env.reset(seed=episode + 1)
        resets.append(time.perf_counter() - start)
        start = time.perf_counter()
        while env.agents:
            env.step({agent: zero for agent in env.agents})
        episodes.append(time.perf_counter() - start)
    env.close()
    print(f"reset (revert the joined market), median of {EPISODES}: {1000 * statistics.median(resets):.0f} ms")
    print(
        f"24-step episode of 10 households, median of {EPISODES}: {statistics.median(episodes):.2f} s "
        f"(target ≤ 2 s; max {max(episodes):.2f} s)"
    )


if __name__ == "__main__":
    main()
