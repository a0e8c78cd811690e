"""``python -m binhdanggioi``: the command line."""

import sys

from binhdanggioi.cli import main

sys.exit(main())
