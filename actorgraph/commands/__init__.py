"""CLI commands grouped by area; each module registers its commands on ``actorgraph.cli.app``.

Importing this package registers them all (cli.py does so at its end).
"""

import importlib
import pkgutil

for _module in pkgutil.iter_modules(__path__):
    importlib.import_module(f"{__name__}.{_module.name}")
