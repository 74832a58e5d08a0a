"""Errors of the environments."""

from __future__ import annotations

from typing import Any


class DemSimError(Exception):
    """An error answered by ``dem-sim env --stdio``, or the process failing.

    ``name`` is the protocol error's name (``StrategyError``, ``ScenarioError``,
    ``InvalidArgumentError``, ``ProtocolError``, …) and the message starts with it; ``details``
    holds the answer's other fields (``user``, ``interval``, ``field``, ``value``, ``path``).
    """

    def __init__(self, name: str, message: str, details: dict[str, Any] | None = None) -> None:
        super().__init__(f"{name}: {message}")
        self.name = name
        self.message = message
        self.details = details or {}
