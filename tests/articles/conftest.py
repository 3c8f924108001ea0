from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
RAW = ROOT / "fixtures" / "raw"


@pytest.fixture
def raw_dir() -> Path:
    return RAW


@pytest.fixture
def seed_files() -> list[Path]:
    return sorted(RAW.glob("*.txt"))
