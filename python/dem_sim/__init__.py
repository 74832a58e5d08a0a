"""Gymnasium and PettingZoo environments over dem-sim's on-chain energy market (``dem-sim env --stdio``)."""

from ._process import builtin_mechanisms
from .errors import DemSimError
from .features import ACTION_FIELDS, OBSERVATION_FIELDS, Scales, decode_action, flatten_observation
from .gym_env import DemSimEnv
from .parallel_env import DemSimParallelEnv, agent_name
from .run import run_scenario

__all__ = [
    "ACTION_FIELDS",
    "OBSERVATION_FIELDS",
    "DemSimEnv",
    "DemSimError",
    "DemSimParallelEnv",
    "Scales",
    "agent_name",
    "builtin_mechanisms",
    "decode_action",
    "flatten_observation",
    "run_scenario",
]
