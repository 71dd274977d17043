#!/usr/bin/env python3
"""Steady write load for scripts/ha-test.sh: attendance punches (as the labor-affairs officer's device
would send them: a punch not acknowledged is sent again with the same punchId until it is) and staff
complaints (never re-sent: a complaint whose answer was lost is 'in doubt'). Every acknowledged write
is appended to a ledger the checker compares with the database afterwards.

usage: ha_load.py BASE_URL PASSWORD SECONDS OUT_DIR
"""
import json
import sys
import threading
import time
import urllib.error
import urllib.request

base, password, seconds, out = sys.argv[1], sys.argv[2], float(sys.argv[3]), sys.argv[4]
run_id = time.strftime("%H%M%S")


def call(method, path, body=None, token=None, timeout=10):
    data = json.dumps(body).encode() if body is not None else None
    req = urllib.request.Request(base + path, data=data, method=method)
    req.add_header("Content-Type", "application/json")
    if token:
        req.add_header("Authorization", "Bearer " + token)
    with urllib.request.urlopen(req, timeout=timeout) as r:
        return r.status, json.loads(r.read() or b"{}")


def login(user):
    for _ in range(60):
        try:
            return call("POST", "/api/v1/auth/login", {"username": user, "password": password})[1]["token"]
        except Exception:
            time.sleep(1)
    raise SystemExit("cannot log in as " + user)


officer = login("laowu")
supervisor = login("lixia")
project = call("GET", "/api/v1/projects?pageSize=50", token=officer)[1]["items"][0]["id"]
workers = [w["id"] for w in call("GET", "/api/v1/workers?projectId=%s&pageSize=100" % project, token=officer)[1]["items"]]
clue_project = call("GET", "/api/v1/projects?pageSize=50", token=supervisor)[1]["items"][0]["id"]
if not workers:
    raise SystemExit("the project has no workers")

deadline = time.time() + seconds
events = open(out + "/events.log", "a", buffering=1)  # time kind ok id
lock = threading.Lock()


def record(kind, ok, ident):
    with lock:
        events.write("%.3f %s %d %s\n" % (time.time(), kind, 1 if ok else 0, ident))


def punches():
    seq = 0
    while time.time() < deadline:
        seq += 1
        punch_id = "ha-%s-%06d" % (run_id, seq)
        worker = workers[seq % len(workers)]
        body = {"punches": [{"deviceId": "HA-GATE-1", "punchId": punch_id, "projectId": project, "workerId": worker,
                             "time": time.strftime("%Y-%m-%dT%H:%M:%S+00:00", time.gmtime(time.time() - 60)),
                             "direction": "in" if seq % 2 else "out", "channel": "face"}]}
        while True:  # a device re-sends until acknowledged
            try:
                status, answer = call("POST", "/api/v1/attendance/punches", body, officer, timeout=5)
                if status == 200 and (answer.get("accepted", 0) + answer.get("duplicates", 0)) == 1:
                    record("punch", True, punch_id)
                    break
                record("punch", False, punch_id)
            except Exception:
                record("punch", False, punch_id)
            if time.time() > deadline + 60:
                return
            time.sleep(0.2)
        time.sleep(0.02)


def complaints():
    seq = 0
    while time.time() < deadline:
        seq += 1
        phone = "137%08d" % (int(run_id) * 1000 + seq)
        body = {"channel": "hotline_12345", "complainantName": "压测%d" % seq, "phone": phone,
                "employerName": "高可用演练劳务公司", "projectId": clue_project, "unpaidFrom": "2026-10",
                "unpaidTo": "2026-11", "amount": 100000 + seq, "description": "HA %s %d" % (run_id, seq)}
        try:
            status, answer = call("POST", "/api/v1/clues", body, supervisor, timeout=5)
            record("clue", status == 201 or status == 200, answer.get("id", "-") + " " + phone)
        except Exception as e:
            record("clue", False, "- " + phone)
            time.sleep(0.2)
        time.sleep(0.05)


threads = [threading.Thread(target=punches), threading.Thread(target=complaints)]
for t in threads:
    t.start()
for t in threads:
    t.join()
