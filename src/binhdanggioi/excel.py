"""Moved to :mod:`binhdanggioi.formats.xlsx`; this alias goes in the next release.

Import :func:`load_form`, :func:`loads_form`, :func:`write_form` and :data:`SHEETS`
from ``binhdanggioi.formats.xlsx`` instead.
"""

from __future__ import annotations

from binhdanggioi.formats.xlsx import SHEETS, load_form, loads_form, write_form
from binhdanggioi.formats.xlsx.layout import _iter_paths as _iter_paths  # for the tests

__all__ = ["SHEETS", "load_form", "loads_form", "write_form"]
