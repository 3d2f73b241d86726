import pytest

from tests.exports.support import ExportPlan


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    """Exported files go to a directory of the test's own."""
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def plan(db):
    return ExportPlan()
