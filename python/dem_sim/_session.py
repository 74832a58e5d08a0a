"""What both environments share: the scenario, the lazily started process, seeding and decoding."""

from __future__ import annotations

import copy
import json
import os
from typing import Any, Sequence

import numpy as np

from ._process import EnvProcess, resolve_command
from .errors import DemSimError

Scenario = dict[str, Any] | str | os.PathLike


class Session:
    """One ``dem-sim env --stdio`` episode stream, started on the first reset and ended by ``close``.

    Holds only settings until then, so an environment pickles (the process is left out and
    starts again on the next reset after unpickling).
    """

    def __init__(
        self,
        scenario: Scenario,
        agents: Sequence[int],
        *,
        mechanism: str | None,
        forecast_noise: float | dict[str, Any] | None,
        reward_gas: bool,
        command: Sequence[str] | str | None,
    ) -> None:
        definition, cwd = _load(scenario)
        if mechanism is not None:
            definition["market"] = {**definition.get("market", {}), "mechanism": mechanism}
        self.definition = definition
        self.cwd = cwd
        self.agents = list(agents)
        if isinstance(forecast_noise, (int, float)):
            forecast_noise = {"relativeStd": float(forecast_noise)}
        self.forecast_noise = forecast_noise
        self.reward_gas = reward_gas
        self.command = command
        self._process: EnvProcess | None = None

    def reset(self, episode_seed: int) -> dict[str, Any]:
        """Starts an episode of the scenario with ``episode_seed`` (starting the process on the first)."""
        if self._process is None:
            self._process = EnvProcess(resolve_command(self.command), cwd=self.cwd)
            request: dict[str, Any] = {
                "type": "reset",
                "seed": episode_seed,
                "scenario": self.definition,
                "agents": self.agents,
                "rewardGas": self.reward_gas,
                "forecastNoise": self.forecast_noise,
            }
            try:
                return self._process.request(request)
            except DemSimError:
                self.close()
                raise
        return self._process.request({"type": "reset", "seed": episode_seed})

    def step(self, actions: dict[int, dict[str, Any]]) -> dict[str, Any]:
        if self._process is None:
            raise DemSimError("InvalidArgumentError", "call reset before step")
        return self._process.request({"type": "step", "actions": {str(k): a for k, a in actions.items()}})

    def result(self) -> dict[str, Any]:
        """The episode's full result (JSON, bigints as decimal strings), once done."""
        if self._process is None:
            raise DemSimError("InvalidArgumentError", "call reset first")
        return self._process.request({"type": "result"})["result"]

    def close(self) -> None:
        if self._process is not None:
            self._process.close()
            self._process = None

    def __del__(self) -> None:
        if getattr(self, "_process", None) is not None:
            self.close()

    def __getstate__(self) -> dict[str, Any]:
        state = self.__dict__.copy()
        state["_process"] = None
        return state


def _load(scenario: Scenario) -> tuple[dict[str, Any], str | None]:
    """A scenario definition (copied) and the folder its CSV paths are relative to."""
    if isinstance(scenario, dict):
        return copy.deepcopy(scenario), None
    path = os.fspath(scenario)
    with open(path, encoding="utf-8") as file:
        return json.load(file), os.path.dirname(os.path.abspath(path))


def user_count(definition: dict[str, Any]) -> int:
    """The scenario's number of users (``users.count``)."""
    try:
        return int(definition["users"]["count"])
    except (KeyError, TypeError, ValueError) as error:
        raise DemSimError("ScenarioError", "users.count: the scenario must give its number of users") from error


def zero_observation(size: int) -> np.ndarray:
    return np.zeros(size, dtype=np.float32)


def episode_seed(np_random: np.random.Generator) -> int:
    """The next episode's scenario seed, drawn from the environment's generator (so a seeded reset repeats)."""
    return int(np_random.integers(0, 2**32))
