"""Settings for the worker processes the fault tests start: the test settings, on the database and
media folder of the test that started them (passed in the environment)."""
import json
import os

from reviewdesk.settings_test import *  # noqa: F401,F403
from reviewdesk.settings_test import DATABASES

DATABASES["default"].update(json.loads(os.environ["RELIABILITY_DATABASE"]))
MEDIA_ROOT = os.environ["RELIABILITY_MEDIA_ROOT"]
