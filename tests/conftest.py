"""Test-wide settings.

Hypothesis: no per-example deadline and no "too slow" health check, because CI
machines are shared and a slow example is not a wrong one; the properties still
run their full number of examples.
"""

from hypothesis import HealthCheck, settings

settings.register_profile(
    "binhdanggioi", deadline=None, suppress_health_check=[HealthCheck.too_slow]
)
settings.load_profile("binhdanggioi")
