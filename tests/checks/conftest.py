"""The rule engine's tests need no Django: they run with `-p no:django` too, so the repository root
goes on sys.path here (pytest-django would otherwise put it there)."""
import sys
from pathlib import Path

ROOT = str(Path(__file__).resolve().parents[2])
if ROOT not in sys.path:
    sys.path.insert(0, ROOT)
