"""A Gymnasium environment: one household learns, the others follow their strategies."""

from __future__ import annotations

from typing import Any, Sequence

import gymnasium as gym
import numpy as np

from ._session import Scenario, Session, episode_seed, user_count, zero_observation
from .errors import DemSimError
from .features import Scales, action_space, decode_action, flatten_observation, observation_space

#: Wei per unit of reward by default: importing 1 kWh at 0.8e14 wei/kWh costs 8.
DEFAULT_REWARD_SCALE_WEI = 1e13


class DemSimEnv(gym.Env):
    """One household of a dem-sim scenario as a Gymnasium environment.

    Each step is one interval of the on-chain market: the agent's action (quantity, price,
    battery in [-1, 1], see :func:`dem_sim.features.decode_action`) becomes its commitment and
    battery action, every other user follows its group's strategy, and the reward is the
    household's money in the intervals settled in the step (``rewardWei`` / ``reward_scale_wei``;
    the exact wei in ``info["reward_wei"]``). ``dem-sim env --stdio`` starts on the first reset.

    Args:
        scenario: a scenario definition (dict) or the path of a scenario file.
        agent: the user index of the learning household.
        mechanism: a built-in clearing mechanism's name, replacing the scenario's.
        forecast_noise: the relative standard deviation of forecast errors, or ``{"relativeStd", "seed"}``.
        reward_gas: charge the household's gas at the scenario's economics.
        command: how to start dem-sim (default ``$DEM_SIM_COMMAND``, else ``dem-sim`` on the PATH).
    """

    metadata = {"render_modes": []}

    def __init__(
        self,
        scenario: Scenario,
        agent: int = 0,
        *,
        mechanism: str | None = None,
        forecast_noise: float | dict[str, Any] | None = None,
        reward_gas: bool = False,
        reward_scale_wei: float = DEFAULT_REWARD_SCALE_WEI,
        scales: Scales = Scales(),
        command: Sequence[str] | str | None = None,
    ) -> None:
        super().__init__()
        self._session = Session(
            scenario,
            [agent],
            mechanism=mechanism,
            forecast_noise=forecast_noise,
            reward_gas=reward_gas,
            command=command,
        )
        users = user_count(self._session.definition)
        if not 0 <= agent < users:
            raise DemSimError("InvalidArgumentError", f"agent must be a user index from 0 to {users - 1}, got {agent}")
        self.agent = agent
        self.reward_scale_wei = reward_scale_wei
        self.scales = scales
        self.observation_space = observation_space()
        self.action_space = action_space()
        self._observation: dict[str, Any] | None = None

    def reset(self, *, seed: int | None = None, options: dict[str, Any] | None = None):
        super().reset(seed=seed)
        answer = self._session.reset(episode_seed(self.np_random))
        self._observation = answer["observations"][str(self.agent)]
        return flatten_observation(self._observation, self.scales), {"raw": self._observation, **answer["info"]}

    def step(self, action):
        if self._observation is None:
            raise DemSimError("InvalidArgumentError", "call reset before step (or after the episode ended)")
        answer = self._session.step({self.agent: decode_action(action, self._observation)})
        reward_wei = int(answer["rewards"][str(self.agent)])
        done = bool(answer["done"])
        self._observation = None if done else answer["observations"][str(self.agent)]
        observation = (
            zero_observation(self.observation_space.shape[0])
            if self._observation is None
            else flatten_observation(self._observation, self.scales)
        )
        info = {"reward_wei": reward_wei, "raw": self._observation, **answer["info"]}
        return observation, reward_wei / self.reward_scale_wei, done, False, info

    def result(self) -> dict[str, Any]:
        """The finished episode's full ``ScenarioResult`` (JSON)."""
        return self._session.result()

    def close(self) -> None:
        self._session.close()
        super().close()
