#!/usr/bin/env python3
"""Fails when the server audits an action or an entity the console has no Chinese label for.

People read the audit log in Chinese (issue 13: no codes where a person reads); the labels live in
web/src/utils/labels.ts (AUDIT_ACTION_LABELS, AUDIT_ENTITY_LABELS). This reads every
audit::RecordAudit(..., "action", "entity", ...) in server/src (the conditional forms too) and every
key of the two tables, and names what is missing.
"""
import pathlib
import re
import sys

ROOT = pathlib.Path(__file__).resolve().parent.parent


def split_arguments(args):
    """The call's arguments at the top level (commas inside (), {}, [] or strings do not split)."""
    out, depth, current, quoted = [], 0, "", False
    for i, c in enumerate(args):
        if c == '"' and (i == 0 or args[i - 1] != "\\"):
            quoted = not quoted
        if not quoted:
            if c in "({[":
                depth += 1
            elif c in ")}]":
                depth -= 1
            elif c == "," and depth == 0:
                out.append(current.strip())
                current = ""
                continue
        current += c
    out.append(current.strip())
    return out


def server_pairs():
    actions, entities = set(), set()
    for path in (ROOT / "server" / "src").rglob("*.cpp"):
        if path.name.endswith("_test.cpp"):
            continue
        text = path.read_text(encoding="utf-8")
        for call in re.finditer(r"audit::RecordAudit\((.*?)\);", text, re.S):
            arguments = split_arguments(call.group(1))
            if len(arguments) < 5:
                continue
            # (tx, clock, ctx, action, entity, id, change): the action may be a conditional of literals.
            # (literals compared against, `kind == "x"`, are conditions, not actions)
            actions.update(re.findall(r'(?<!== )"([a-z_]+)"', arguments[3]))
            entities.update(re.findall(r'"([a-z_]+)"', arguments[4]))
    return actions, entities


def web_table(name):
    text = (ROOT / "web" / "src" / "utils" / "labels.ts").read_text(encoding="utf-8")
    body = re.search(name + r": Record<string, string> = \{(.*?)\n\}", text, re.S)
    if not body:
        sys.exit(f"check_labels: {name} not found in web/src/utils/labels.ts")
    return set(re.findall(r"^\s*'?([a-z_]+)'?:", body.group(1), re.M))


def main():
    actions, entities = server_pairs()
    missing_actions = sorted(actions - web_table("AUDIT_ACTION_LABELS"))
    missing_entities = sorted(entities - web_table("AUDIT_ENTITY_LABELS"))
    for a in missing_actions:
        print(f"error: audit action '{a}' has no label in AUDIT_ACTION_LABELS (web/src/utils/labels.ts)")
    for e in missing_entities:
        print(f"error: audit entity '{e}' has no label in AUDIT_ENTITY_LABELS (web/src/utils/labels.ts)")
    if missing_actions or missing_entities:
        return 1
    print(f"labels: {len(actions)} audit actions and {len(entities)} entities all have Chinese labels")
    return 0


if __name__ == "__main__":
    sys.exit(main())
