"""web: the placeholder app."""
from web import create_app


def test_health_and_placeholder():
    client = create_app({"TESTING": True}).test_client()
    r = client.get("/api/health")
    assert r.status_code == 200 and r.get_json() == {"status": "ok"}
    r = client.get("/")
    assert r.status_code == 200 and b"newsfacet" in r.data
