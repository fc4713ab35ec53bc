#!/usr/bin/env python3
"""Asserts on the smoke results of an `xverify --json` report.

usage: expect.py REPORT.json RULE...
RULE: CHECK|SUBJECT_SUFFIX|ENV|VERDICT[|CLASS[|MESSAGE_SUBSTRING]]
Each rule must match at least one result (subject compared by suffix,
'#n' command suffixes included). Prints one line per failed rule and exits 1.
"""
import json
import sys


def main():
    report = json.load(open(sys.argv[1]))
    results = report["results"]
    bad = 0
    for rule in sys.argv[2:]:
        parts = rule.split("|")
        check, subj, env, verdict = parts[:4]
        cls = parts[4] if len(parts) > 4 and parts[4] else None
        msg = parts[5] if len(parts) > 5 else None
        hit = False
        for r in results:
            facts = {f["key"]: f["value"] for f in r.get("facts") or []}
            if r["check"] != check or not r["subject"].endswith(subj):
                continue
            if (r.get("env") or "") != env or r["verdict"] != verdict:
                continue
            if cls and facts.get("class") != cls:
                continue
            if msg and msg not in r["message"]:
                continue
            hit = True
            break
        if not hit:
            bad += 1
            print("no result matches: " + rule, file=sys.stderr)
            for r in results:
                if r["check"] == check and r["subject"].endswith(subj):
                    print("   have: %s %s %s: %s" % (r.get("env"), r["verdict"], r["subject"][-40:],
                                                    r["message"][:160]), file=sys.stderr)
    sys.exit(1 if bad else 0)


main()
