"""Test-wide settings: the Hypothesis profiles ``dev`` and ``ci``.

``HYPOTHESIS_PROFILE=dev|ci`` chooses one; without it, ``CI=true`` (set by CI
services) chooses ``ci`` and anything else ``dev``. ``ci`` runs Hypothesis's
default 100 examples per property, and a test decorated with
``strategies.examples(n)`` exactly ``n``; ``dev`` runs a fifth of either (at least
one) for a quick loop. Both drop the per-example deadline and the "too slow"
health check, because machines are shared and a slow example is not a wrong one.
"""

from __future__ import annotations

import os

import pytest
from hypothesis import HealthCheck, settings

from strategies import PROFILES, profile_from_env

for _name, _count in PROFILES.items():
    settings.register_profile(
        _name,
        max_examples=_count,
        deadline=None,
        suppress_health_check=[HealthCheck.too_slow],
    )

PROFILE = profile_from_env(os.environ)
if PROFILE not in PROFILES:
    raise pytest.UsageError(
        f"HYPOTHESIS_PROFILE={PROFILE!r}: expected one of {', '.join(sorted(PROFILES))}"
    )
settings.load_profile(PROFILE)


def pytest_report_header() -> str:
    return f"hypothesis profile: {PROFILE} ({settings.default.max_examples} examples per test)"
