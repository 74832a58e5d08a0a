"""A PettingZoo ParallelEnv: every household (or a chosen set) is an agent."""

from __future__ import annotations

import functools
from typing import Any, Sequence

import numpy as np
from gymnasium import spaces
from gymnasium.utils import seeding
from pettingzoo import ParallelEnv

from ._session import Scenario, Session, episode_seed, user_count, zero_observation
from .errors import DemSimError
from .features import Scales, action_space, decode_action, flatten_observation, observation_space
from .gym_env import DEFAULT_REWARD_SCALE_WEI


def agent_name(user: int) -> str:
    """The PettingZoo name of user ``user``: ``household_<user>``."""
    return f"household_{user}"


class DemSimParallelEnv(ParallelEnv):
    """The households of a dem-sim scenario as PettingZoo agents acting in parallel.

    Each step is one interval: every agent's action (quantity, price, battery in [-1, 1], see
    :func:`dem_sim.features.decode_action`) becomes its commitment and battery action; users that
    are not agents follow their group's strategy. Rewards are each household's money in the
    intervals settled in the step, / ``reward_scale_wei`` (exact wei in ``infos[a]["reward_wei"]``).
    After the last interval every agent is terminated and ``agents`` is empty.

    Args:
        scenario: a scenario definition (dict) or the path of a scenario file.
        users: the user indices that are agents (default: every user).
        mechanism, forecast_noise, reward_gas, reward_scale_wei, scales, command: as for :class:`DemSimEnv`.
    """

    metadata = {"name": "dem_sim_v0", "render_modes": [], "is_parallelizable": True}

    def __init__(
        self,
        scenario: Scenario,
        users: Sequence[int] | None = None,
        *,
        mechanism: str | None = None,
        forecast_noise: float | dict[str, Any] | None = None,
        reward_gas: bool = False,
        reward_scale_wei: float = DEFAULT_REWARD_SCALE_WEI,
        scales: Scales = Scales(),
        command: Sequence[str] | str | None = None,
    ) -> None:
        session = Session(
            scenario,
            [],
            mechanism=mechanism,
            forecast_noise=forecast_noise,
            reward_gas=reward_gas,
            command=command,
        )
        count = user_count(session.definition)
        chosen = sorted(set(range(count) if users is None else users))
        for user in chosen:
            if not (isinstance(user, (int, np.integer)) and 0 <= user < count):
                raise DemSimError("InvalidArgumentError", f"users must be user indices from 0 to {count - 1}, got {user}")
        session.agents = [int(u) for u in chosen]
        self._session = session
        self._users = {agent_name(u): int(u) for u in chosen}
        self.possible_agents = list(self._users)
        self.agents: list[str] = []
        self.reward_scale_wei = reward_scale_wei
        self.scales = scales
        self._np_random, _ = seeding.np_random(None)
        self._raw: dict[str, dict[str, Any]] = {}

    @functools.lru_cache(maxsize=None)
    def observation_space(self, agent: str) -> spaces.Box:
        return observation_space()

    @functools.lru_cache(maxsize=None)
    def action_space(self, agent: str) -> spaces.Box:
        return action_space()

    def reset(self, seed: int | None = None, options: dict[str, Any] | None = None):
        if seed is not None:
            self._np_random, _ = seeding.np_random(seed)
        answer = self._session.reset(episode_seed(self._np_random))
        self.agents = list(self.possible_agents)
        self._raw = {a: answer["observations"][str(self._users[a])] for a in self.agents}
        observations = {a: flatten_observation(self._raw[a], self.scales) for a in self.agents}
        infos = {a: {"raw": self._raw[a], **answer["info"]} for a in self.agents}
        return observations, infos

    def step(self, actions: dict[str, Any]):
        if not self.agents:
            raise DemSimError("InvalidArgumentError", "call reset before step (or after the episode ended)")
        unknown = set(actions) - set(self.agents)
        if unknown:
            raise DemSimError("InvalidArgumentError", f"actions for agents not in the episode: {sorted(unknown)}")
        decisions = {
            self._users[a]: decode_action(actions[a], self._raw[a]) if a in actions else {} for a in self.agents
        }
        answer = self._session.step(decisions)
        done = bool(answer["done"])
        rewards_wei = {a: int(answer["rewards"][str(self._users[a])]) for a in self.agents}
        size = observation_space().shape[0]
        if done:
            observations = {a: zero_observation(size) for a in self.agents}
            self._raw = {}
        else:
            self._raw = {a: answer["observations"][str(self._users[a])] for a in self.agents}
            observations = {a: flatten_observation(self._raw[a], self.scales) for a in self.agents}
        rewards = {a: rewards_wei[a] / self.reward_scale_wei for a in self.agents}
        terminations = {a: done for a in self.agents}
        truncations = {a: False for a in self.agents}
        info = answer["info"]
        infos = {
            a: {
                "reward_wei": rewards_wei[a],
                "interval": info["interval"],
                "settled": info["settled"],
                "records": [r for r in info["records"] if r["user"] == self._users[a]],
            }
            for a in self.agents
        }
        if done:
            self.agents = []
        return observations, rewards, terminations, truncations, infos

    def user_of(self, agent: str) -> int:
        """The user index of agent ``agent``."""
        return self._users[agent]

    def result(self) -> dict[str, Any]:
        """The finished episode's full ``ScenarioResult`` (JSON)."""
        return self._session.result()

    def close(self) -> None:
        self._session.close()
