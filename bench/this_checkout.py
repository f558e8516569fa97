"""Imported by every script in `bench/` before genrec: puts this checkout's folder first on `sys.path`, so that a script runs
the genrec beside it and not another one pip installed (an editable install of another checkout, say). A run started from
a `git worktree` at a fixed commit then runs that commit's code, the commit its results file's manifest names."""
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path: sys.path.insert(0, str(ROOT))
