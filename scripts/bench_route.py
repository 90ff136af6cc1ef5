"""Helpers of scripts/bench-route.sh: deposit demo invoices, watch the outbox drain, measure delays.

  deposit URL COUNT THREADS     deposit COUNT demo invoices as fast as THREADS connections go
  steady URL RATE SECONDS       deposit RATE invoices a second for SECONDS (one connection per 25/s)
  count DB                      what the outbox holds, by state
  drain DB EXPECTED             wait until EXPECTED deliveries are done; print deliveries per second
  delays DB                     acceptance-to-deposit delays of the delivered invoices: p50, p90, p99, max
"""
import http.client
import sqlite3
import sys
import threading
import time
import urllib.parse

TOKEN = "hmn_demo_atelier_kerbrat"
TEMPLATE = open("fixtures/invoices/atelier-kerbrat-FA-2026-0142.xml", "rb").read()


def invoice(number):
    return TEMPLATE.replace(b"<cbc:ID>FA-2026-0142</cbc:ID>", f"<cbc:ID>{number}</cbc:ID>".encode(), 1)


def connection(url):
    parts = urllib.parse.urlparse(url)
    return http.client.HTTPConnection(parts.hostname, parts.port, timeout=30)


def post(conn, body):
    conn.request("POST", "/v1/invoices", body, {"Authorization": f"Bearer {TOKEN}", "Content-Type": "application/xml"})
    response = conn.getresponse()
    response.read()
    return response.status


def deposit(url, count, threads):
    counter = iter(range(count))
    lock = threading.Lock()
    statuses = {}

    def work(label):
        conn = connection(url)
        while True:
            with lock:
                n = next(counter, None)
            if n is None:
                return
            status = post(conn, invoice(f"ROUTE-{label}-{n}"))
            with lock:
                statuses[status] = statuses.get(status, 0) + 1

    started = time.time()
    workers = [threading.Thread(target=work, args=(t,)) for t in range(threads)]
    for w in workers:
        w.start()
    for w in workers:
        w.join()
    print(f"deposited {count} in {time.time() - started:.1f} s: {statuses}")


def steady(url, rate, seconds):
    threads = max(1, rate // 25)
    per_thread = rate / threads
    statuses = {}
    lock = threading.Lock()
    deadline = time.time() + seconds

    def work(label):
        conn = connection(url)
        n = 0
        start = time.time()
        while time.time() < deadline:
            status = post(conn, invoice(f"STEADY-{label}-{n}"))
            with lock:
                statuses[status] = statuses.get(status, 0) + 1
            n += 1
            wait = start + n / per_thread - time.time()
            if wait > 0:
                time.sleep(wait)

    workers = [threading.Thread(target=work, args=(t,)) for t in range(threads)]
    for w in workers:
        w.start()
    for w in workers:
        w.join()
    total = sum(statuses.values())
    print(f"deposited {total} in {seconds} s ({total / seconds:.0f}/s): {statuses}")


def count(db):
    rows = sqlite3.connect(db).execute("SELECT state, count(*) FROM deliveries GROUP BY state").fetchall()
    print("outbox:", ", ".join(f"{n} {state}" for state, n in rows))


def drain(db, expected):
    conn = sqlite3.connect(db, timeout=30)
    started = None
    first_done = None
    while True:
        done = conn.execute("SELECT count(*) FROM deliveries WHERE state = 'done'").fetchone()[0]
        now = time.time()
        if started is None:
            started = now
        if done and first_done is None:
            first_done = now
        if done >= expected:
            break
        if now - started > 600:
            print(f"gave up: {done} of {expected} done after 600 s")
            return
        time.sleep(0.05)
    span = conn.execute(
        "SELECT min(a.started_at), max(a.started_at + a.duration_ms) FROM delivery_attempts a WHERE a.outcome = 'delivered'"
    ).fetchone()
    seconds = (span[1] - span[0]) / 1000
    failed = conn.execute("SELECT count(*) FROM deliveries WHERE state <> 'done'").fetchone()[0]
    print(f"drained {expected} deliveries: first attempt to last deposit {seconds:.2f} s = {expected / seconds:.0f} deliveries/s"
          f" ({failed} not done)")


def delays(db):
    conn = sqlite3.connect(db)
    rows = conn.execute(
        """SELECT (a.started_at + a.duration_ms) - i.received_at FROM deliveries d
           JOIN invoices i ON i.id = d.invoice_id
           JOIN delivery_attempts a ON a.delivery_id = d.id AND a.outcome = 'delivered'"""
    ).fetchall()
    pending = conn.execute("SELECT count(*) FROM deliveries WHERE state <> 'done'").fetchone()[0]
    values = sorted(r[0] for r in rows)
    if not values:
        print("no delivery")
        return

    def pct(p):
        return values[min(len(values) - 1, int(p / 100 * len(values)))]

    print(f"acceptance to deposit over {len(values)} invoices ({pending} not delivered yet): "
          f"p50 {pct(50)} ms, p90 {pct(90)} ms, p99 {pct(99)} ms, max {values[-1]} ms")


if __name__ == "__main__":
    command, args = sys.argv[1], sys.argv[2:]
    if command == "deposit":
        deposit(args[0], int(args[1]), int(args[2]))
    elif command == "steady":
        steady(args[0], int(args[1]), int(args[2]))
    elif command == "count":
        count(args[0])
    elif command == "drain":
        drain(args[0], int(args[1]))
    elif command == "delays":
        delays(args[0])
    else:
        print(__doc__)
        sys.exit(2)
