"""Moved to :mod:`binhdanggioi.formats.csv`; this alias goes in the next release.

Import ``tidy_rows``, ``to_csv``, ``SoLieu`` and ``COLUMNS`` from
``binhdanggioi.formats.csv`` (``to_csv`` also from ``binhdanggioi``).
"""

from binhdanggioi.formats.csv import COLUMNS, SoLieu, tidy_rows, to_csv

__all__ = ["COLUMNS", "SoLieu", "tidy_rows", "to_csv"]
