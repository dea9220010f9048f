"""Schemathesis against the live server (issue 15 item 4): requests generated from the OpenAPI
description — valid documents, documents just outside every limit, and junk — are sent with an
author's token; the server never answers 5xx, and every 4xx is the API's JSON error. Bounded by
max_examples (two to three minutes on two busy cores)."""
import pytest
import schemathesis
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error

from authors.models import ApiToken
from factories import post_document, uploads_for
from moderation.actions import submission

pytestmark = pytest.mark.django_db(transaction=True)

EXAMPLES = 20  # generated per operation, beside the coverage phase's boundary cases (each limit ±1)


@pytest.fixture
def api_schema(live_server, settings):
    # Generated traffic must reach validation, not the rate limit.
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "api": "100000/minute", "api_write": "100000/minute"}
    return schemathesis.openapi.from_url(f"{live_server.url}/api/v1/openapi.json")


@pytest.fixture
def token(cast):
    return ApiToken.issue(cast.alice)


@pytest.fixture
def draft(cast):
    """Alice's draft, so that edit and resubmit reach validation instead of a 404 for a random ID."""
    document = post_document()
    return submission.submit_post(cast.alice.author, actor=cast.alice, document=document,
                                  uploads=uploads_for(document), draft=True)


schema = schemathesis.pytest.from_fixture("api_schema")


@schema.parametrize()
@settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=list(HealthCheck))
def test_generated_requests_never_get_a_server_error(case, token, draft):
    post_id = str((case.path_parameters or {}).get("post_id", ""))
    if post_id.isascii() and post_id.isdigit():
        case.path_parameters["post_id"] = draft.pk  # junk IDs (text, negatives, floats) stay: they must be 404s
    response = case.call(headers={"Authorization": f"Token {token}"})
    case.validate_response(response, checks=[not_a_server_error])
    if 400 <= response.status_code < 500:
        error = response.json()["error"]
        assert {"code", "message", "field"} <= set(error) and error["message"], response.text[:300]
