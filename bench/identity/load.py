#!/usr/bin/env python3
"""Sends the generated messages through Mosaic's real tracking API, waits for the resolver,
and collects which profile every message resolved to.

Writes OUT/observed.ndjson ({"messageId", "profile_id"} per line) and prints one JSON line of
timings on stdout: ingest_eps (messages / time from first send to last 200), lag_s (last 200
→ everything resolved), resolve_eps (messages / time from first send to everything resolved).
"""

from __future__ import annotations

import argparse
import base64
import http.client
import json
import queue
import sys
import threading
import time
import urllib.parse

MAX_BODY = 450_000  # the server takes 500 KB; leave room for the envelope
MAX_MESSAGES = 2_500


class Client:
    """One keep-alive connection; reconnects on a dropped socket."""

    def __init__(self, host: str, port: int, auth: str):
        self.host, self.port, self.auth = host, port, auth
        self.conn: http.client.HTTPConnection | None = None

    def request(self, method: str, path: str, body: bytes | None = None) -> tuple[int, dict, bytes]:
        last: Exception | None = None
        for attempt in range(8):
            try:
                if self.conn is None:
                    self.conn = http.client.HTTPConnection(self.host, self.port, timeout=60)
                headers = {"Authorization": self.auth}
                if body is not None:
                    headers["Content-Type"] = "application/json"
                self.conn.request(method, path, body=body, headers=headers)
                response = self.conn.getresponse()
                data = response.read()
                return response.status, dict(response.getheaders()), data
            except (OSError, http.client.HTTPException) as error:
                last = error
                if self.conn is not None:
                    self.conn.close()
                self.conn = None
                time.sleep(min(0.1 * 2 ** attempt, 3))
        raise RuntimeError(f"{method} {path}: connection failed: {last}")


def batches(lines: list[bytes], size: int):
    current: list[bytes] = []
    length = 0
    for line in lines:
        if current and (len(current) >= size or length + len(line) + 1 > MAX_BODY):
            yield current
            current, length = [], 0
        current.append(line)
        length += len(line) + 1
    if current:
        yield current


def send(args, lines: list[bytes], deadline: float) -> tuple[float, float]:
    auth = "Basic " + base64.b64encode(f"{args.write_key}:".encode()).decode()
    work: queue.Queue = queue.Queue()
    for batch in batches(lines, args.batch):
        work.put(b'{"batch":[' + b",".join(batch) + b"]}")
    errors: list[str] = []
    last_ack = [0.0]
    lock = threading.Lock()

    def worker() -> None:
        client = Client(args.host, args.port, auth)
        while not errors:
            try:
                body = work.get_nowait()
            except queue.Empty:
                return
            while True:
                if time.monotonic() > deadline:
                    errors.append("deadline passed while sending")
                    return
                try:
                    status, headers, data = client.request("POST", "/v1/batch", body)
                except RuntimeError as error:
                    errors.append(str(error))
                    return
                if status == 200:
                    with lock:
                        last_ack[0] = max(last_ack[0], time.monotonic())
                    break
                if status in (429, 503):  # back-pressure: wait as told, then retry (messageId dedupes)
                    time.sleep(min(float(headers.get("Retry-After", "1") or 1), 5))
                    continue
                errors.append(f"POST /v1/batch -> {status}: {data[:300]!r}")
                return

    start = time.monotonic()
    threads = [threading.Thread(target=worker) for _ in range(args.concurrency)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    if errors:
        raise SystemExit("send failed: " + errors[0])
    return start, last_ack[0]


def fetch(args, ids: list[str], deadline: float) -> dict[str, str | None]:
    """profile_id per messageId (None while unresolved or not yet stored)."""
    auth = f"Bearer {args.secret_key}"
    out: dict[str, str | None] = {}
    chunks = [ids[i::args.concurrency] for i in range(args.concurrency)]
    errors: list[str] = []

    def worker(chunk: list[str]) -> None:
        client = Client(args.host, args.port, auth)
        for mid in chunk:
            if errors or time.monotonic() > deadline:
                return
            try:
                status, _, data = client.request("GET", "/v1/events/" + urllib.parse.quote(mid, safe=""))
            except RuntimeError as error:
                errors.append(str(error))
                return
            if status == 200:
                profile = json.loads(data).get("profile_id")
                out[mid] = None if profile is None else str(profile)
            elif status == 404:
                out[mid] = None
            else:
                errors.append(f"GET /v1/events/{mid} -> {status}: {data[:300]!r}")
                return

    threads = [threading.Thread(target=worker, args=(c,)) for c in chunks]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    if errors:
        raise SystemExit("fetch failed: " + errors[0])
    return out


def pending(args) -> int | None:
    """The resolver's backlog, or None when the server has no status route."""
    client = Client(args.host, args.port, f"Bearer {args.secret_key}")
    status, _, data = client.request("GET", "/v1/resolver/status")
    if status != 200:
        return None
    try:
        value = json.loads(data).get("pending")
    except ValueError:
        return None
    return value if isinstance(value, int) else None


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--messages", required=True)
    parser.add_argument("--observed", required=True)
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--write-key", required=True)
    parser.add_argument("--secret-key", required=True)
    parser.add_argument("--batch", type=int, default=500)
    parser.add_argument("--concurrency", type=int, default=4)
    parser.add_argument("--timeout", type=float, default=840, help="seconds for the whole load + resolve")
    args = parser.parse_args(argv)
    if not 1 <= args.batch <= MAX_MESSAGES:
        parser.error(f"--batch must be 1..{MAX_MESSAGES}")
    deadline = time.monotonic() + args.timeout

    with open(args.messages, "rb") as f:
        lines = [line.rstrip(b"\n") for line in f if line.strip()]
    ids = [json.loads(line)["messageId"] for line in lines]
    log = lambda text: print(text, file=sys.stderr, flush=True)  # noqa: E731

    log(f"sending {len(lines)} messages ({args.concurrency} connections, {args.batch}/batch)")
    start, last_ack = send(args, lines, deadline)
    ingest_s = max(last_ack - start, 1e-9)
    log(f"ingested in {ingest_s:.1f}s ({len(lines) / ingest_s:.0f} events/s); waiting for the resolver")

    mode = "status"
    resolved_at = None
    while time.monotonic() < deadline:
        backlog = pending(args)
        if backlog is None:
            mode = "poll"
            break
        if backlog == 0:
            resolved_at = time.monotonic()
            break
        time.sleep(0.25)

    # Collect. If waiting ran out of time, still take one last look (bounded) so the
    # partial result can be scored rather than lost.
    collect_deadline = max(deadline, time.monotonic() + 180)
    observed: dict[str, str | None] = {}
    todo = ids
    passes = 0
    while time.monotonic() < collect_deadline:
        observed.update(fetch(args, todo, collect_deadline))
        passes += 1
        todo = [mid for mid in todo if observed.get(mid) is None]
        if not todo:
            if mode == "poll" or passes > 1:
                resolved_at = time.monotonic()
            break
        resolved_at = None
        if time.monotonic() > deadline:
            break
        log(f"{len(todo)} messages not resolved yet")
        time.sleep(0.5)
    timed_out = bool(todo) or resolved_at is None

    with open(args.observed, "w", encoding="utf-8") as f:
        for mid in ids:
            f.write(json.dumps({"messageId": mid, "profile_id": observed.get(mid)}) + "\n")
    end = resolved_at if resolved_at is not None else time.monotonic()
    stats = {
        "messages": len(lines), "mode": mode, "timed_out": timed_out, "unresolved": len(todo),
        "ingest_eps": round(len(lines) / ingest_s), "lag_s": round(max(end - last_ack, 0), 2),
        "resolve_eps": round(len(lines) / max(end - start, 1e-9)),
    }
    print(json.dumps(stats))
    return 2 if timed_out else 0


if __name__ == "__main__":
    sys.exit(main())
