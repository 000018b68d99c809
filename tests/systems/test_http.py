import httpx
import pytest

from systems.http import (
    ApiClient,
    AuthenticationFailed,
    Hints,
    NotFound,
    OutcomeUnknown,
    RequestRejected,
    RetryPolicy,
    ServerFailed,
    Unreachable,
    parse_retry_after,
)

HINTS = Hints(url="LAUNCHSYNC_X_URL", credentials="LAUNCHSYNC_X_KEY")


class NoAuth(httpx.Auth):
    def auth_flow(self, request):
        yield request


def client_for(responses, sleeps=None, attempts=4):
    """A client whose server answers with ``responses`` in turn (callables may raise)."""
    calls = []

    def handler(request):
        calls.append(request)
        answer = responses[min(len(calls), len(responses)) - 1]
        return answer(request) if callable(answer) else answer

    client = ApiClient(
        system="X",
        base_url="http://x.test",
        auth=NoAuth(),
        hints=HINTS,
        retry=RetryPolicy(attempts=attempts, backoff=0.01),
        transport=httpx.MockTransport(handler),
        sleep=(sleeps.append if sleeps is not None else lambda s: None),
    )
    return client, calls


def test_transient_503_is_retried_and_retry_after_is_honoured():
    sleeps = []
    client, calls = client_for(
        [httpx.Response(503, headers={"Retry-After": "7"}), httpx.Response(200, json={"ok": 1})],
        sleeps,
    )
    assert client.request_json("GET", "things") == {"ok": 1}
    assert len(calls) == 2
    assert sleeps == [7.0]


def test_retry_after_is_capped_by_max_backoff():
    sleeps = []
    client, _ = client_for(
        [httpx.Response(429, headers={"Retry-After": "3600"}), httpx.Response(200, json=[])], sleeps
    )
    client.request_json("GET", "things")
    assert sleeps == [RetryPolicy().max_backoff]


def test_500_with_a_json_body_is_retried_then_reported_with_the_body():
    client, calls = client_for(
        [httpx.Response(500, json={"message": "database is locked"})], attempts=3
    )
    with pytest.raises(ServerFailed, match=r"HTTP 500 after 3 attempts.*database is locked"):
        client.request_json("GET", "things")
    assert len(calls) == 3


def test_a_create_is_not_repeated_after_an_ambiguous_500_but_is_after_503():
    client, calls = client_for([httpx.Response(500, json={})])
    with pytest.raises(ServerFailed) as failed:
        client.request_json("POST", "things", json={"a": 1})
    assert len(calls) == 1
    assert "HTTP 500:" in str(failed.value)  # sent once, so no "after N attempts"
    client, calls = client_for([httpx.Response(503), httpx.Response(201, json={"id": "C1"})])
    assert client.request_json("POST", "things", json={"a": 1}) == {"id": "C1"}
    assert len(calls) == 2


def test_client_errors_fail_at_once_with_clear_types():
    for status, kind in (
        (400, RequestRejected),
        (401, AuthenticationFailed),
        (403, AuthenticationFailed),
        (404, NotFound),
    ):
        client, calls = client_for([httpx.Response(status, json={"message": "nope"})])
        with pytest.raises(kind) as info:
            client.request_json("GET", "things")
        assert len(calls) == 1
        assert "\n" not in str(info.value)
    client, _ = client_for([httpx.Response(401)])
    with pytest.raises(AuthenticationFailed, match="check LAUNCHSYNC_X_KEY"):
        client.request_json("GET", "things")


def test_refused_connection_is_unreachable_and_names_the_url_setting():
    def refuse(request):
        raise httpx.ConnectError("Connection refused", request=request)

    client, calls = client_for([refuse], attempts=3)
    with pytest.raises(
        Unreachable, match=r"X at http://x.test is not reachable .*check LAUNCHSYNC_X_URL"
    ):
        client.request_json("GET", "things")
    assert len(calls) == 3


def test_timeouts_are_retried_for_reads_only():
    def slow(request):
        raise httpx.ReadTimeout("timed out", request=request)

    client, calls = client_for([slow, httpx.Response(200, json=[1])])
    assert client.request_json("GET", "things") == [1]
    assert len(calls) == 2
    client, calls = client_for([slow, httpx.Response(200, json=[1])])
    with pytest.raises(OutcomeUnknown, match=r"no answer within .* may have been applied"):
        client.request_json("PATCH", "things", json=[{"a": 1}], idempotent=False)
    assert len(calls) == 1


def test_a_truncated_body_is_retried_for_reads():
    client, calls = client_for(
        [httpx.Response(200, content=b'[{"id": "C1"'), httpx.Response(200, json=[{"id": "C1"}])]
    )
    assert client.request_json("GET", "things") == [{"id": "C1"}]
    assert len(calls) == 2


def test_parse_retry_after_accepts_seconds_and_dates():
    assert parse_retry_after("12") == 12.0
    assert parse_retry_after(None) is None
    assert parse_retry_after("soon") is None
    assert parse_retry_after("Wed, 21 Oct 2015 07:28:00 GMT") == 0.0


def test_redirects_are_refused_with_the_url_setting_and_no_credentials():
    client, _calls = client_for(
        [httpx.Response(302, headers={"Location": "https://user:pw@elsewhere.test/x"})]
    )
    with pytest.raises(
        RequestRejected, match=r"redirected .*elsewhere.test/x; check LAUNCHSYNC_X_URL"
    ) as info:
        client.request_json("GET", "things")
    assert "pw" not in str(info.value)


def test_credentials_in_the_base_url_never_reach_messages():
    def refuse(request):
        raise httpx.ConnectError("refused", request=request)

    client, _ = client_for([refuse], attempts=1)
    client.base_url = "https://svc:secret-pass@x.test"
    with pytest.raises(Unreachable) as info:
        client.request_json("GET", "things")
    assert "secret-pass" not in str(info.value) and "x.test" in str(info.value)
