#!/usr/bin/env python3
"""Writes the seed corpus of api_body_fuzz (server/src/app/api_body_fuzz.cpp): for a few write routes
a realistic body, framed as the target reads it — [route byte][caller byte][param bytes][body] — with
the route's index in the sorted "METHOD pattern" list of docs/screens.md (the router's write routes;
app/screens_test keeps them equal) and the caller's in the demo logins sorted by name.

Run it again after adding write routes: python3 server/fuzz/api_body_seeds.py"""
import json
import pathlib
import re

root = pathlib.Path(__file__).resolve().parents[2]
rows = re.findall(r"^\| (POST|PUT|PATCH) \| `([^`]+)` \|", (root / "docs/screens.md").read_text(), re.M)
routes = sorted(f"{m} {p}" for m, p in rows)
callers = sorted(["admin", "secadmin", "auditor", "jinan", "lixia", "jiefanglu", "zhujian", "laowu", "jianshe", "bank"])

seeds = {
    ("POST /api/v1/credit/anomalies", "lixia"): {"enterpriseId": "x", "category": "violation", "occurredOn": "2026-11-10",
                                                 "summary": "未按规定保存工资支付台账", "fileId": "f"},
    ("POST /api/v1/credit/listings", "lixia"): {"enterpriseId": "x", "arrearsFen": 5000000, "orderMissedOn": "2026-11-01",
                                                "massIncident": False, "reason": "拖欠工资",
                                                "persons": [{"role": "legal_representative", "name": "赵", "idNumber": "370102197503040311"}]},
    ("POST /api/v1/credit/grade-runs", "lixia"): {"year": 2026},
    ("POST /api/v1/credit/publications", "lixia"): {"year": 2026, "quarter": 3},
    ("POST /api/v1/credit/queries", "jianshe"): {"enterpriseId": "x"},
    ("POST /api/v1/clues", "lixia"): {"channel": "walk_in", "complainantName": "王小明", "complainantPhone": "13800138000",
                                      "employerName": "山东某建筑有限公司", "workerCount": 3, "amount": 1200000,
                                      "description": "三个月工资未发"},
    ("POST /api/v1/cases/{caseId}/steps", "lixia"): {"kind": "note", "note": "电话联系企业负责人"},
    ("POST /api/v1/enterprises", "lixia"): {"creditCode": "91370102MA3C000012", "name": "历下某劳务有限公司",
                                            "regionCode": "370102", "kind": "labor_subcontractor"},
    ("POST /api/v1/projects", "lixia"): {"name": "测试项目", "regionCode": "370102001", "industry": "housing",
                                         "investmentType": "private", "contractPrice": 100000000},
    ("POST /api/v1/auth/login", "lixia"): {"username": "lixia", "password": "x"},
    ("POST /api/v1/projects/feed", "jinan"): {"items": [{"permitNumber": "370102202611160101", "projectName": "某项目"}]},
}
out = root / "server/fuzz/corpus/api_body_fuzz"
out.mkdir(parents=True, exist_ok=True)
for (route, caller), body in seeds.items():
    if route not in routes:
        raise SystemExit(f"{route} is not a write route in docs/screens.md")
    params = route.count("{")
    frame = bytes([routes.index(route), callers.index(caller)] + [0] * params) + json.dumps(body, ensure_ascii=False).encode()
    name = re.sub(r"[^a-z0-9]+", "-", route.lower()).strip("-")
    (out / name).write_bytes(frame)
print(f"{len(seeds)} seeds in {out.relative_to(root)} ({len(routes)} write routes)")
