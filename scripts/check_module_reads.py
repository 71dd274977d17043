#!/usr/bin/env python3
"""One owner per table, enforced.

Every table (and view) belongs to the module whose name prefixes it (server/migrations). Module code
outside its tests may name another module's table in SQL only when
  1. the owner publishes it: listed in `kPublishedTables` of server/src/<owner>/published.hpp, and
  2. the owner is among the reader's link dependencies (server/CMakeLists.txt, transitively), so a
     cycle at the data level cannot come back while the link graph stays acyclic, and
  3. the statement only reads it: no INSERT INTO / UPDATE / DELETE FROM another module's table.
Key contexts of sealed columns ("registry_worker.phone") name the table too, so a module that
decrypts another's personal data fails rule 1; naming another module's context constant
(registry::kPhoneContext) fails as well: sealed data is opened only by its owner.

Usage: check_module_reads.py [--server DIR]   (exit 1 and one line per finding when broken)
"""
import argparse
import os
import re
import sys

# Tables whose prefix is not their owner's folder name.
OWNER_OVERRIDES = {"http_idempotency": "app"}  # the storage-backed Idempotency-Key store lives in app/

CREATE_RE = re.compile(r"CREATE\s+(?:TABLE|VIEW)\s+(?:IF\s+NOT\s+EXISTS\s+)?([a-z][a-z0-9_]*)", re.I)
MODULE_RE = re.compile(r"anxin_module\(\s*([a-z_]+)(.*?)\)\s*(?:#[^\n]*)?$", re.S | re.M)
CONTEXT_RE = re.compile(r"\b([a-z_]+)::k\w*Context\b")
WRITE_RE = r"(?:INSERT\s+INTO|UPDATE|DELETE\s+FROM)\s+{}\b"


def strip_comments(text):
    """Drops // and /* */ comments; string literals are kept (SQL lives there)."""
    out, i, n = [], 0, len(text)
    while i < n:
        c = text[i]
        if c == '"':
            j = i + 1
            while j < n and text[j] != '"':
                j += 2 if text[j] == "\\" else 1
            out.append(text[i:j + 1]); i = j + 1
        elif c == "'" and not (i and text[i - 1].isalnum()):  # a char literal, not a digit separator
            j = i + 1
            while j < n and text[j] != "'":
                j += 2 if text[j] == "\\" else 1
            out.append(text[i:j + 1]); i = j + 1
        elif text.startswith("R\"(", i):
            j = text.find(")\"", i + 3)
            j = n if j < 0 else j + 2
            out.append(text[i:j]); i = j
        elif text.startswith("//", i):
            j = text.find("\n", i)
            i = n if j < 0 else j
        elif text.startswith("/*", i):
            j = text.find("*/", i + 2)
            i = n if j < 0 else j + 2
        else:
            out.append(c); i += 1
    return "".join(out)


def module_graph(cmake_text):
    deps = {}
    for m in MODULE_RE.finditer(cmake_text):
        name, body = m.group(1), m.group(2)
        body = re.sub(r"#[^\n]*", "", body)
        direct = body.split("TEST_DEPS")[0].split("EXTRA_SOURCES")[0]
        deps[name] = set(re.findall(r"\banxin_([a-z_]+)\b", direct))
    closure = {}

    def walk(name, seen=()):
        if name in closure:
            return closure[name]
        if name in seen:
            raise SystemExit(f"error: link cycle through {name}")
        result = set()
        for d in deps.get(name, ()):
            result |= {d} | walk(d, seen + (name,))
        closure[name] = result
        return result

    for name in deps:
        walk(name)
    return closure


def tables(migrations_dir, modules):
    owners = {}
    for f in sorted(os.listdir(migrations_dir)):
        if f.endswith(".sql"):
            with open(os.path.join(migrations_dir, f), encoding="utf-8") as fh:
                for name in CREATE_RE.findall(fh.read()):
                    owner = OWNER_OVERRIDES.get(name) or next(
                        (m for m in sorted(modules, key=len, reverse=True) if name.startswith(m + "_")), None)
                    if owner is None:
                        raise SystemExit(f"error: {f}: table {name} is not prefixed by a module name")
                    owners[name.lower()] = owner
    return owners


def published(src_dir, module):
    path = os.path.join(src_dir, module, "published.hpp")
    if not os.path.exists(path):
        return set()
    with open(path, encoding="utf-8") as fh:
        text = strip_comments(fh.read())
    m = re.search(r"kPublishedTables\b[^{]*\{(.*?)\}", text, re.S)
    return set(re.findall(r'"([a-z0-9_]+)"', m.group(1))) if m else set()


def module_sources(src_dir, module):
    folder = os.path.join(src_dir, module)
    for f in sorted(os.listdir(folder)):
        if f.endswith((".cpp", ".hpp")) and not re.search(r"_(test|fuzz)\.cpp$|_test_support\.hpp$", f) \
                and f != "published.hpp":
            yield os.path.join(folder, f)


def check(server_dir):
    src_dir = os.path.join(server_dir, "src")
    with open(os.path.join(server_dir, "CMakeLists.txt"), encoding="utf-8") as fh:
        deps = module_graph(fh.read())
    owners = tables(os.path.join(server_dir, "migrations"), deps.keys())
    publishes = {m: published(src_dir, m) for m in deps}
    findings = []
    for owner, names in publishes.items():
        for name in sorted(names - {t for t, o in owners.items() if o == owner}):
            findings.append(f"{owner}/published.hpp: publishes {name}, which is not a table or view of {owner}")
    token_re = re.compile(r"\b(" + "|".join(sorted(owners, key=len, reverse=True)) + r")\b")
    for module in sorted(deps):
        if not os.path.isdir(os.path.join(src_dir, module)):
            continue
        for path in module_sources(src_dir, module):
            with open(path, encoding="utf-8") as fh:
                text = strip_comments(fh.read())
            rel = os.path.relpath(path, src_dir)
            for name in sorted(set(token_re.findall(text))):
                owner = owners[name]
                if owner == module:
                    continue
                line = text[:re.search(r"\b" + name + r"\b", text).start()].count("\n") + 1
                if owner not in deps[module]:
                    findings.append(f"{rel}:{line}: reads {name} of {owner}, which {module} does not link "
                                    f"(read it through an interface {module} owns and {owner} implements)")
                elif name not in publishes[owner]:
                    findings.append(f"{rel}:{line}: reads {name}, which {owner} does not publish "
                                    f"(server/src/{owner}/published.hpp lists what it does)")
                if re.search(WRITE_RE.format(name), text, re.I):
                    findings.append(f"{rel}: writes {name}, a table of {owner} (only its owner writes it)")
            for ns in sorted(set(CONTEXT_RE.findall(text))):
                if ns in deps and ns != module:
                    findings.append(f"{rel}: names a key context of {ns} (only {ns} opens its sealed data; "
                                    f"call a function of {ns}/published.hpp)")
    return findings


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--server", default=os.path.join(os.path.dirname(__file__), "..", "server"))
    findings = check(parser.parse_args().server)
    for f in findings:
        print(f"error: {f}", file=sys.stderr)
    return 1 if findings else 0


if __name__ == "__main__":
    sys.exit(main())
