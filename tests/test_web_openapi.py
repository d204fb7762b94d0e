"""/api/openapi.json: a valid OpenAPI 3.1 document (openapi-spec-validator), and the API
keeps to it: a schemathesis run over every /api/ operation, through the app's WSGI
interface, over the hand-written index (tests/webcorpus.py).

The run is bounded (MAX_EXAMPLES per operation and mode, about 15 s in all) and
repeatable (a fixed seed, no example database). It asserts no 5xx; status codes,
content types and bodies as documented; and requests that break the schema refused
with a 4xx."""
from __future__ import annotations

import pytest
import schemathesis
from hypothesis import HealthCheck, Phase, given, seed, settings
from hypothesis.configuration import set_hypothesis_home_dir
from openapi_spec_validator import OpenAPIV31SpecValidator, validate
from schemathesis import GenerationMode
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    negative_data_rejection,
    response_schema_conformance,
    status_code_conformance,
)

from web import create_app, openapi

import webcorpus

MAX_EXAMPLES = 100
SEED = 20230109


def rejects_invalid_parameters(ctx, response, case):
    """schemathesis's negative_data_rejection (a request that breaks the schema gets a 4xx), except
    for empty parameters: like the search page's form (which sends ``from=&to=``), the API takes an
    empty parameter as an absent one, its default."""
    if any(v == "" or (isinstance(v, list) and "" in v) for v in (case.query or {}).values()):
        return None
    return negative_data_rejection(ctx, response, case)


#: The checks of the run: no 5xx, only documented statuses and media types, bodies that
#: match their schemas, and parameters outside the schema refused with a 4xx.
CHECKS = [not_a_server_error, status_code_conformance, content_type_conformance, response_schema_conformance,
          rejects_invalid_parameters]


@pytest.fixture(scope="module")
def app(tmp_path_factory):
    return create_app({"TESTING": True, "INDEX": str(webcorpus.shared_index(tmp_path_factory))})


def test_openapi_document_validates(app):
    doc = app.test_client().get("/api/openapi.json").get_json()
    validate(doc, cls=OpenAPIV31SpecValidator)             # raises OpenAPIValidationError with the reason
    assert doc["openapi"] == "3.1.0"


@pytest.fixture(scope="module")
def api_schema(app, tmp_path_factory):
    # Hypothesis caches what it learns under ./.hypothesis: keep that out of the repository.
    set_hypothesis_home_dir(tmp_path_factory.mktemp("hypothesis"))
    yield schemathesis.openapi.from_wsgi("/api/openapi.json", app)
    set_hypothesis_home_dir(None)


#: Every operation of the document and how its requests are made: valid ones, and (when it has
#: query parameters to break) ones that break the schema, which must be refused with a 4xx.
OPERATIONS = [(method.upper(), path, mode) for path, item in openapi.document()["paths"].items()
              for method, operation in item.items()
              for mode in ([GenerationMode.POSITIVE, GenerationMode.NEGATIVE]
                           if any(p["in"] == "query" for p in operation.get("parameters", []))
                           else [GenerationMode.POSITIVE])]


# schemathesis's own pytest integration (`schema.parametrize()` over a fixture) does not run on
# pytest 9 (it sets a node attribute pytest no longer has), so each operation's strategy is
# drawn from with Hypothesis directly.
@pytest.mark.parametrize(("method", "path", "mode"), OPERATIONS, ids=lambda v: getattr(v, "value", v))
def test_api_keeps_to_its_openapi_document(api_schema, method, path, mode):
    operation = api_schema[path][method]

    @seed(SEED)
    @settings(max_examples=MAX_EXAMPLES, deadline=None, database=None, derandomize=False,
              suppress_health_check=list(HealthCheck), phases=[Phase.explicit, Phase.generate, Phase.shrink])
    @given(case=operation.as_strategy(mode))
    def run(case):
        case.call_and_validate(checks=CHECKS)

    run()
