#!/usr/bin/env python3
"""Writes the libFuzzer dictionaries in server/fuzz/dict/ (scripts/fuzz.sh passes the one of a
target's input kind): json.dict — the API's field names, read from every JsonReader
Required*/Optional* call in server/src, with JSON tokens and edge values; http.dict — HTTP/1.1
tokens and the headers the server reads; tabular.dict — the import templates' headers, CSV quoting,
the BOM and XLSX markers.   python3 server/fuzz/dicts.py"""
import pathlib
import re

root = pathlib.Path(__file__).resolve().parents[2]
out = root / "server/fuzz/dict"
out.mkdir(parents=True, exist_ok=True)


def entry(token: bytes) -> str:
    return '"' + "".join(f"\\x{b:02x}" if b < 0x20 or b >= 0x7F or b in b'"\\' else chr(b) for b in token) + '"'


def write(name: str, comment: str, tokens: list[bytes]) -> None:
    (out / name).write_text(f"# {comment}\n" + "\n".join(entry(t) for t in tokens) + "\n")


names = set()
for p in (root / "server/src").rglob("*.cpp"):
    if not p.name.endswith("_test.cpp"):
        names.update(re.findall(r'(?:Required|Optional)\w*\("([A-Za-z][A-Za-z0-9_.]*)"', p.read_text()))
json_tokens = ["{", "}", "[", "]", ":", ",", '"', "true", "false", "null", "0", "-1", "1e308", "9223372036854775807",
               "-9223372036854775808", "0.01", '"2026-02-29"', '"2026-13-01"', '"\\u0000"', '"\\ud800"', '"\\n"',
               '"370102197503040311"', '"91370102MA3C000012"', '"13800138000"', '"6222021234567890123"']
write("json.dict", "JSON tokens and edge values, and the API's field names (from server/src)",
      [t.encode() for t in json_tokens] + [f'"{n}":'.encode() for n in sorted(names)])
http = ["GET ", "POST ", "HEAD ", "PATCH ", "OPTIONS ", " HTTP/1.1\r\n", " HTTP/1.0\r\n", "\r\n", "\r\n\r\n", "Host: ",
        "Content-Length: ", "Transfer-Encoding: chunked\r\n", "Content-Type: application/json\r\n",
        "Expect: 100-continue\r\n", "Authorization: Bearer ", "X-Forwarded-For: ", "X-Request-Id: ", "Idempotency-Key: ",
        "Connection: close\r\n", "0\r\n\r\n", "%00", "%0a", "%2F", "%E5%8E%86", "%ZZ", "?", "&", "=", "/api/v1/",
        "/api/v1/cases/", "/api/v1/files/", "/content", "/steps", "/..", "//", "*"]
write("http.dict", "HTTP/1.1 tokens, the headers the server reads, targets and percent-escapes", [t.encode() for t in http])
tabular = ["身份证号", "姓名", "项目编码", "考勤时间", "进出方向", "统一社会信用代码", "企业名称", "参考号", "状态", "失败原因",
           ",", "\r\n", '"', '""', "PK\x03\x04", "<sheetData>", "<row", "<c ", 't="s"', "<v>", "</v>",
           "xl/sharedStrings.xml", "xl/worksheets/sheet1.xml", "[Content_Types].xml", "%PDF-", "\x89PNG", "WEBP"]
write("tabular.dict", "import and bank-file headers, CSV quoting, the UTF-8 BOM, zip/XML and file-type markers",
      [t.encode() for t in tabular] + [b"\xef\xbb\xbf", b"\xff\xd8\xff"])
print(f"{len(names)} field names")
