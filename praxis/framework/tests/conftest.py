import copy
from pathlib import Path

import pytest
import yaml

FIXTURES = Path(__file__).parent / "fixtures"
MINI = FIXTURES / "mini-framework.yaml"


@pytest.fixture
def mini_data():
    """Fresh plain data of the small fixture framework, to break one piece at a time."""
    return copy.deepcopy(yaml.safe_load(MINI.read_text()))
