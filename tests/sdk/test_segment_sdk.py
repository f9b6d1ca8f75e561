"""Segment's and RudderStack's Python SDKs, unchanged, pointed at Mosaic: what they send is stored."""
import uuid


def stored(mosaic, message_ids):
    """The events stored for these messageIds: {message_id: (type, name, user_id, anonymous_id, body)}."""
    quoted = ",".join("'" + m + "'" for m in message_ids)
    rows = mosaic.sql(
        "SELECT message_id, type, coalesce(name,''), coalesce(user_id,''), coalesce(anonymous_id,''), "
        f"body::text FROM events WHERE message_id IN ({quoted})")
    return {r[0]: tuple(r[1:]) for r in rows}


def send_all(client, calls):
    ids = []
    for method, kwargs in calls:
        message_id = str(uuid.uuid4())
        ok, _ = getattr(client, method)(message_id=message_id, **kwargs)
        assert ok
        ids.append(message_id)
    client.flush()
    return ids


CALLS = [
    ("identify", dict(user_id="u-1", traits={"email": "Ann@Example.com", "name": "Ann"})),
    ("track", dict(user_id="u-1", event="Product Viewed", properties={"sku": "A-1", "price": 12.5})),
    ("page", dict(anonymous_id="anon-1", category="Docs", name="Install", properties={"url": "https://x/i"})),
    ("screen", dict(user_id="u-1", name="Home")),
    ("group", dict(user_id="u-1", group_id="g-1", traits={"plan": "pro"})),
    ("alias", dict(previous_id="anon-1", user_id="u-1")),
]


def test_segment_sdk_messages_are_stored(mosaic):
    from segment.analytics import Client

    errors = []
    client = Client(mosaic.write_key, host=mosaic.url, sync_mode=False, upload_size=3, max_retries=0,
                    on_error=lambda e, batch: errors.append(e))
    ids = send_all(client, CALLS)
    client.shutdown()
    assert errors == []
    rows = stored(mosaic, ids)
    assert set(rows) == set(ids)
    types = [rows[i][0] for i in ids]
    assert types == ["identify", "track", "page", "screen", "group", "alias"]
    assert rows[ids[1]][1] == "Product Viewed" and rows[ids[1]][2] == "u-1"
    assert rows[ids[2]][1] == "Install" and rows[ids[2]][3] == "anon-1"
    assert '"Ann@Example.com"' in rows[ids[0]][4]


def test_legacy_analytics_python_gzip_and_retry_dedupe(mosaic):
    import analytics

    client = analytics.Client(mosaic.write_key, host=mosaic.url, gzip=True, upload_size=100, max_retries=0,
                              sync_mode=False)
    ids = send_all(client, CALLS[:2] * 3)
    client.shutdown()
    assert set(stored(mosaic, ids)) == set(ids)
    # The same messages sent again (an SDK retry) are stored once.
    again = analytics.Client(mosaic.write_key, host=mosaic.url, upload_size=100, max_retries=0)
    for message_id in ids:
        ok, _ = again.track(user_id="u-1", event="Retry", message_id=message_id)
        assert ok
    again.flush()
    again.shutdown()
    quoted = ",".join("'" + m + "'" for m in ids)
    count = mosaic.sql(f"SELECT count(*) FROM events WHERE message_id IN ({quoted})")
    assert count == [[str(len(ids))]]


def test_rudderstack_sdk(mosaic):
    from rudder_analytics.client import Client

    client = Client(mosaic.write_key, host=mosaic.url, flush_at=10, max_retries=0)
    ids = send_all(client, CALLS[:3])
    client.shutdown()
    assert set(stored(mosaic, ids)) == set(ids)


def test_unknown_write_key_is_refused(mosaic):
    from segment.analytics import Client

    errors = []
    client = Client("wk_not_a_key", host=mosaic.url, sync_mode=False, max_retries=0,
                    on_error=lambda e, batch: errors.append(e))
    client.track(user_id="u", event="x")
    client.flush()
    client.shutdown()
    assert len(errors) == 1 and getattr(errors[0], "status", None) == 401
