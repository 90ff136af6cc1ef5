"""Helpers of scripts/bench-channels.sh: configure channels, watch the outbox drain, measure webhook delays.

  setup URL PUSH HOOK [FORMAT]   a push channel (FORMAT, default ubl) to PUSH on every buyer of fixtures/directory.csv; Atelier
                                 Kerbrat's webhook subscription to HOOK
  drain DB EXPECTED              wait until EXPECTED push and webhook deliveries are done; deliveries per second
  delays LOG                     from a receiver's log (with bodies): the delay from each status change (the
                                 event's time) to its webhook's arrival: p50, p90, p99, max
"""
import base64
import csv
import http.client
import json
import sqlite3
import sys
import time
import urllib.parse
from datetime import datetime


def call(url, method, path, token, body=None):
    parts = urllib.parse.urlparse(url)
    conn = http.client.HTTPConnection(parts.hostname, parts.port, timeout=30)
    headers = {"Authorization": f"Bearer {token}"}
    if body is not None:
        headers["Content-Type"] = "application/json"
        body = json.dumps(body)
    conn.request(method, path, body, headers)
    response = conn.getresponse()
    return response.status, response.read()


def setup(url, push, hook, format="ubl"):
    sirets = set()
    with open("fixtures/directory.csv", newline="", encoding="utf-8") as file:
        for row in csv.reader(file, delimiter=";"):
            for field in row:
                if len(field) == 14 and field.isdigit():
                    sirets.add(field)
    for siret in sorted(sirets):
        status, body = call(url, "POST", f"/v1/buyers/{siret}/channels", "hmn_demo_operator", {"kind": "push", "format": format, "url": push})
        assert status == 201, (status, body)
    status, body = call(url, "POST", "/v1/subscriptions", "hmn_demo_atelier_kerbrat", {"url": hook})
    assert status == 201, (status, body)
    print(f"push channels ({format}) on {len(sirets)} buyers; one webhook subscription")


def drain(db, expected):
    conn = sqlite3.connect(db, timeout=30)
    started = time.time()
    query = "SELECT count(*) FROM deliveries WHERE state = 'done' AND (destination LIKE 'push:%' OR destination LIKE 'webhook:%')"
    while True:
        done = conn.execute(query).fetchone()[0]
        if done >= expected:
            break
        if time.time() - started > 600:
            print(f"gave up: {done} of {expected} done after 600 s")
            return
        time.sleep(0.05)
    span = conn.execute(
        """SELECT min(a.started_at), max(a.started_at + a.duration_ms) FROM delivery_attempts a JOIN deliveries d ON d.id = a.delivery_id
           WHERE a.outcome = 'delivered' AND (d.destination LIKE 'push:%' OR d.destination LIKE 'webhook:%')"""
    ).fetchone()
    seconds = (span[1] - span[0]) / 1000
    kinds = conn.execute(
        """SELECT substr(destination, 1, instr(destination, ':') - 1), count(*) FROM deliveries
           WHERE state = 'done' AND (destination LIKE 'push:%' OR destination LIKE 'webhook:%') GROUP BY 1"""
    ).fetchall()
    print(f"drained {expected} deliveries ({', '.join(f'{n} {k}' for k, n in kinds)}): first attempt to last delivery "
          f"{seconds:.2f} s = {expected / seconds:.0f} deliveries/s")


def delays(log):
    values = []
    by_status = {}
    for line in open(log, encoding="utf-8"):
        entry = json.loads(line)
        if entry.get("status") != 200 or not entry.get("body"):
            continue
        event = json.loads(base64.b64decode(entry["body"]))
        at = datetime.fromisoformat(event["at"].replace("Z", "+00:00")).timestamp()
        delay = (entry["receivedAt"] - at) * 1000
        values.append(delay)
        by_status.setdefault(event["to"]["code"], []).append(delay)
    if not values:
        print("no webhook received")
        return

    def summary(values):
        values = sorted(values)

        def pct(p):
            return values[min(len(values) - 1, int(p / 100 * len(values)))]

        return f"p50 {pct(50):.0f} ms, p90 {pct(90):.0f} ms, p99 {pct(99):.0f} ms, max {values[-1]:.0f} ms"

    print(f"status change to webhook over {len(values)} events: {summary(values)}")
    for code in sorted(by_status):
        print(f"  to {code}: {len(by_status[code])} events, {summary(by_status[code])}")


if __name__ == "__main__":
    command, args = sys.argv[1], sys.argv[2:]
    if command == "setup":
        setup(*args)
    elif command == "drain":
        drain(args[0], int(args[1]))
    elif command == "delays":
        delays(args[0])
    else:
        print(__doc__)
        sys.exit(2)
