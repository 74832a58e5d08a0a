"""A scenario run with every user following its own strategy, through the same process as the environments."""

from __future__ import annotations

from typing import Any, Sequence

from ._session import Scenario, Session


def run_scenario(
    scenario: Scenario,
    seed: int,
    *,
    mechanism: str | None = None,
    command: Sequence[str] | str | None = None,
) -> dict[str, Any]:
    """Runs ``scenario`` on ``seed`` with no agent (every group's strategy decides) and returns its ``ScenarioResult`` (JSON).

    The baseline to compare learned policies with on the same days:

    >>> run_scenario({"intervals": 24, "users": {"count": 4}}, seed=1)["kpis"]["community"]["total"]["billWei"]  # doctest: +SKIP
    """
    session = Session(scenario, [], mechanism=mechanism, forecast_noise=None, reward_gas=False, command=command)
    try:
        answer = session.reset(seed)
        done = answer["info"]["intervals"] == 0
        while not done:
            done = bool(session.step({})["done"])
        return session.result()
    finally:
        session.close()
