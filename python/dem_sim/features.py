"""Observations flattened from the protocol's fields, and actions decoded into the protocol's.

Every observation entry lies in [-1, 1]: energies, prices and collateral are squashed with
``x / (|x| + scale)`` (monotone, nothing clipped), fractions and the clock are already bounded.
Actions are three numbers in [-1, 1] (Gymnasium's advice for continuous actions).
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

import numpy as np
from gymnasium import spaces

#: The observation vector's entries, in order.
OBSERVATION_FIELDS: tuple[str, ...] = (
    "progress",  # interval / intervals
    "hour_sin",
    "hour_cos",
    "forecast_load",
    "forecast_generation",
    "forecast_net",  # generation - load
    "last_load",
    "last_generation",
    "has_battery",
    "state_of_charge",  # of capacity
    "chargeable",  # of capacity
    "dischargeable",  # of capacity
    "import_tariff",
    "feed_in_tariff",
    "limit_production",
    "limit_consumption",
    "last_clearing_price",
    "mean_clearing_price",  # of the last PRICE_WINDOW
    "available_collateral",
    "role_producer",
    "role_consumer",
    "role_prosumer",
)

#: The action vector's entries, in order.
ACTION_FIELDS: tuple[str, ...] = ("quantity", "price", "battery")

#: How many of the latest clearing prices ``mean_clearing_price`` averages.
PRICE_WINDOW = 4


@dataclass(frozen=True)
class Scales:
    """Where the squashed entries reach one half: ``x / (|x| + scale)``."""

    energy_wh: float = 1_000.0
    price_wei_per_kwh: float = 1e14
    collateral_wei: float = 1e18


def observation_space() -> spaces.Box:
    """The Box every observation lies in."""
    return spaces.Box(low=-1.0, high=1.0, shape=(len(OBSERVATION_FIELDS),), dtype=np.float32)


def action_space() -> spaces.Box:
    """The Box of actions: quantity, price, battery, each in [-1, 1]."""
    return spaces.Box(low=-1.0, high=1.0, shape=(len(ACTION_FIELDS),), dtype=np.float32)


def _squash(value: float, scale: float) -> float:
    return value / (abs(value) + scale)


def flatten_observation(observation: dict[str, Any], scales: Scales = Scales()) -> np.ndarray:
    """The observation vector of one protocol observation (see :data:`OBSERVATION_FIELDS`)."""
    energy = lambda wh: _squash(float(wh), scales.energy_wh)  # noqa: E731
    price = lambda wei: _squash(float(wei), scales.price_wei_per_kwh)  # noqa: E731
    forecast = observation["forecast"]
    load, generation = int(forecast["loadWh"]), int(forecast["generationWh"])
    last = observation["lastMetered"]
    battery = observation["battery"]
    capacity = float(battery["capacityWh"]) if battery else 0.0
    of_capacity = lambda key: float(battery[key]) / capacity if battery and capacity > 0 else 0.0  # noqa: E731
    prices = [int(p["priceWeiPerKWh"]) for p in observation["clearingPrices"][-PRICE_WINDOW:]]
    angle = 2 * math.pi * float(observation["hour"]) / 24
    role = observation["role"]
    vector = [
        observation["interval"] / max(observation["intervals"], 1),
        math.sin(angle),
        math.cos(angle),
        energy(load),
        energy(generation),
        energy(generation - load),
        energy(last["loadWh"]) if last else 0.0,
        energy(last["generationWh"]) if last else 0.0,
        1.0 if battery else 0.0,
        of_capacity("stateOfChargeWh"),
        of_capacity("chargeableWh"),
        of_capacity("dischargeableWh"),
        price(observation["tariff"]["importWeiPerKWh"]),
        price(observation["tariff"]["feedInWeiPerKWh"]),
        price(observation["limitPrices"]["productionWeiPerKWh"]),
        price(observation["limitPrices"]["consumptionWeiPerKWh"]),
        price(prices[-1]) if prices else 0.0,
        price(sum(prices) / len(prices)) if prices else 0.0,
        _squash(float(observation["availableCollateralWei"]), scales.collateral_wei),
        1.0 if role == "producer" else 0.0,
        1.0 if role == "consumer" else 0.0,
        1.0 if role == "prosumer" else 0.0,
    ]
    return np.clip(np.asarray(vector, dtype=np.float32), -1.0, 1.0)


def decode_action(action: Any, observation: dict[str, Any]) -> dict[str, Any]:
    """The protocol action of an action vector, for the household that observed ``observation``.

    - ``battery`` b: b > 0 charges b × chargeable Wh, b < 0 discharges |b| × dischargeable Wh.
    - The forecast net after the battery (generation + discharge − load − charge) is what the
      household may sell (net > 0) or must buy (net < 0).
    - ``quantity`` q commits (q + 1) × |net| Wh on that side: −1 commits nothing, 0 the forecast
      net, 1 twice it; a consumer commits no more than its free collateral locks.
    - ``price`` p sets the limit price at the feed-in tariff (p = −1) up to the import tariff
      (p = 1), linearly: a producer's lowest ask, a consumer's highest bid.
    """
    quantity, price, charge = (float(np.clip(a, -1.0, 1.0)) for a in np.asarray(action, dtype=np.float64)[:3])
    forecast = observation["forecast"]
    net = int(forecast["generationWh"]) - int(forecast["loadWh"])
    decision: dict[str, Any] = {}
    battery = observation["battery"]
    if battery is not None and charge != 0.0:
        if charge > 0:
            wh = int(charge * int(battery["chargeableWh"]))
            if wh > 0:
                decision["battery"] = {"chargeWh": str(wh)}
                net -= wh
        else:
            wh = int(-charge * int(battery["dischargeableWh"]))
            if wh > 0:
                decision["battery"] = {"dischargeWh": str(wh)}
                net += wh
    feed_in = int(observation["tariff"]["feedInWeiPerKWh"])
    import_price = int(observation["tariff"]["importWeiPerKWh"])
    limit = feed_in + int(round((price + 1) / 2 * (import_price - feed_in)))
    energy = int(round((quantity + 1) * abs(net)))
    if net < 0 and limit > 0:
        # A consumer locks energy × limit / 1000 (rounded up) of its collateral.
        energy = min(energy, int(observation["availableCollateralWei"]) * 1000 // limit)
    if energy > 0 and net != 0 and limit > 0:
        side = "production" if net > 0 else "consumption"
        decision["commitments"] = [{"side": side, "energyWh": str(energy), "limitPriceWeiPerKWh": str(limit)}]
    return decision
