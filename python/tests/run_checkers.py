"""Gymnasium's and PettingZoo's own checkers on the environments, against the real CLI, on every built-in mechanism.

Run: DEM_SIM_COMMAND="node dist/cli.js" .venv/bin/python python/tests/run_checkers.py
Exits non-zero at the first check that fails; prints one line per check passed.
"""

from __future__ import annotations

import pickle
import sys
import warnings

from gymnasium.utils.env_checker import check_env
from pettingzoo.test import parallel_api_test, parallel_seed_test

from dem_sim import DemSimEnv, DemSimError, DemSimParallelEnv, builtin_mechanisms

# Small but complete: producers, consumers, and prosumers with batteries, over a morning.
SCENARIO = {
    "intervals": 6,
    "startHour": 8,
    "users": {
        "count": 4,
        "groups": [
            {"share": 0.5, "role": "prosumer", "battery": {"capacityWh": 4000}, "strategy": {"type": "battery"}},
            {"share": 0.25, "role": "consumer"},
            {"share": 0.25, "role": "producer", "strategy": {"type": "price-responsive"}},
        ],
    },
}


def main() -> int:
    mechanisms = builtin_mechanisms()
    if not mechanisms:
        print("the CLI listed no mechanism", file=sys.stderr)
        return 1
    passed = 0
    for mechanism in mechanisms:
        env = DemSimEnv(SCENARIO, agent=0, mechanism=mechanism, forecast_noise=0.1, reward_gas=True)
        with warnings.catch_warnings():
            warnings.simplefilter("error")
            check_env(env, skip_render_check=True)
        env.close()
        print(f"check_env passed: {mechanism}")
        passed += 1

        parallel_api_test(DemSimParallelEnv(SCENARIO, mechanism=mechanism, forecast_noise=0.1), num_cycles=100)
        print(f"parallel_api_test passed: {mechanism}")
        passed += 1

        parallel_seed_test(lambda: DemSimParallelEnv(SCENARIO, mechanism=mechanism, reward_gas=True))
        print(f"parallel_seed_test passed: {mechanism}")
        passed += 1

    # Pickles before and after its process starts (vectorised runners copy environments).
    env = DemSimEnv(SCENARIO, agent=1)
    copy = pickle.loads(pickle.dumps(env))
    first, _ = env.reset(seed=5)
    again = pickle.loads(pickle.dumps(env))
    assert (copy.reset(seed=5)[0] == first).all() and (again.reset(seed=5)[0] == first).all()
    for e in (env, copy, again):
        e.close()
    # Errors name the protocol error they came from.
    try:
        DemSimEnv({"intervals": 0, "users": {"count": 2}}).reset(seed=1)
        raise AssertionError("a bad scenario was accepted")
    except DemSimError as error:
        assert error.name == "ScenarioError" and str(error).startswith("ScenarioError: "), error
    print("pickling and errors passed")
    passed += 1
    print(f"{passed} passed, 0 failed")
    return 0


if __name__ == "__main__":
    sys.exit(main())
