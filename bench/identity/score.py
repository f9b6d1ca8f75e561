#!/usr/bin/env python3
"""Scores an identity-resolution run against the generator's ground truth.

Input: truth.json from generate.py and the observed messageId → profile_id mapping (a JSON
object, or NDJSON lines {"messageId": ..., "profile_id": ...}). A message the server never
resolved (profile_id null or absent) counts as a profile of its own.

Pairwise metrics over messages: a pair of messages is *true* when one person sent both and
*predicted* when they landed on one profile. Everything is counted from the
(person, profile) cell sizes, so it is linear in the number of messages, never O(n²).
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import Counter, defaultdict
from dataclasses import dataclass, field

SCENARIO_ORDER = [
    "anon_to_identified", "cross_device", "card_then_phone", "email_variants", "phone_formats",
    "namesakes", "household", "junk", "anon_only",
]
TARGETS = {"precision": 0.995, "recall": 0.97, "junk_merges": 0}


def pairs(n: int) -> int:
    return n * (n - 1) // 2


@dataclass
class Row:
    name: str
    people: int = 0
    messages: int = 0
    true_pairs: int = 0
    predicted_pairs: int = 0
    tp: int = 0
    overmerged_profiles: int = 0
    people_joined: int = 0
    split_people: int = 0
    extra_fragments: int = 0
    junk_merges: int = 0

    @property
    def precision(self) -> float:
        return self.tp / self.predicted_pairs if self.predicted_pairs else 1.0

    @property
    def recall(self) -> float:
        return self.tp / self.true_pairs if self.true_pairs else 1.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0


@dataclass
class Report:
    overall: Row
    scenarios: list[Row]
    unresolved: int = 0
    unknown_observed: int = 0
    merge_causes: Counter = field(default_factory=Counter)
    people_by_cause: Counter = field(default_factory=Counter)


def merge_cause(persons: list[str], people: dict) -> str:
    """Why one profile holds several people, judged by the identifiers they really share.

    `junk` when two groups of people are connected only through a junk value (the resolver
    linked through a blocked value); `shared_real` when a real shared identifier (a
    household's phone) explains the whole profile; `unexplained` otherwise.
    """
    parent = {p: p for p in persons}

    def find(x: str) -> str:
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    def join(kind: str) -> int:
        holder: dict[str, str] = {}
        for p in persons:
            for key in people.get(p, {}).get(kind, []):
                if key in holder:
                    parent[find(p)] = find(holder[key])
                else:
                    holder[key] = p
        return len({find(p) for p in persons})

    real_groups = join("ids")
    if real_groups == 1:
        return "shared_real"
    return "junk" if join("junk") < real_groups else "unexplained"


def score(owner: dict[str, str], observed: dict[str, str | None], people: dict) -> Report:
    """owner: messageId → person; observed: messageId → profile id (or None)."""
    cells: Counter = Counter()
    unresolved = 0
    for mid, pid in owner.items():
        profile = observed.get(mid)
        if profile is None:
            unresolved += 1
            profile = "\0unresolved:" + mid
        cells[(pid, str(profile))] += 1

    person_size: Counter = Counter()
    profile_persons: dict[str, dict[str, int]] = defaultdict(dict)
    person_profiles: dict[str, int] = Counter()
    for (pid, prof), n in cells.items():
        person_size[pid] += n
        profile_persons[prof][pid] = n
        person_profiles[pid] += 1

    causes: dict[str, str] = {}
    for prof, members in profile_persons.items():
        if len(members) > 1:
            causes[prof] = merge_cause(sorted(members), people)

    def row(name: str, member) -> Row:
        r = Row(name)
        for pid, n in person_size.items():
            if member(pid):
                r.people += 1
                r.messages += n
                r.true_pairs += pairs(n)
                if person_profiles[pid] > 1:
                    r.split_people += 1
                    r.extra_fragments += person_profiles[pid] - 1
        for prof, members in profile_persons.items():
            inside = sum(n for pid, n in members.items() if member(pid))
            if not inside:
                continue
            total = sum(members.values())
            r.predicted_pairs += pairs(total) - pairs(total - inside)
            r.tp += sum(pairs(n) for pid, n in members.items() if member(pid))
            if len(members) > 1:
                r.overmerged_profiles += 1
                r.people_joined += sum(1 for pid in members if member(pid))
                if causes[prof] == "junk":
                    r.junk_merges += 1
        return r

    overall = row("overall", lambda pid: True)
    rows = []
    for name in SCENARIO_ORDER:
        tagged = {pid for pid, info in people.items() if name in info.get("scenarios", [])}
        rows.append(row(name, tagged.__contains__))
    known = set(owner)
    by_cause: Counter = Counter()
    for prof, cause in causes.items():
        by_cause[cause] += len(profile_persons[prof])
    return Report(overall, rows, unresolved, sum(1 for mid in observed if mid not in known),
                  Counter(causes.values()), by_cause)


def load_observed(path: str) -> dict[str, str | None]:
    with open(path, encoding="utf-8") as f:
        text = f.read()
    stripped = text.lstrip()
    if stripped.startswith("{") and not stripped.startswith('{"messageId"'):
        data = json.loads(text)
        return {str(k): (None if v is None else str(v)) for k, v in data.items()}
    out: dict[str, str | None] = {}
    for number, line in enumerate(text.splitlines(), 1):
        if not line.strip():
            continue
        try:
            item = json.loads(line)
            profile = item.get("profile_id")
            out[str(item["messageId"])] = None if profile is None else str(profile)
        except (ValueError, KeyError, AttributeError) as error:
            raise SystemExit(f"{path}:{number}: not a {{messageId, profile_id}} line ({error})")
    return out


def format_table(report: Report) -> str:
    head = (f"{'scenario':<20}{'people':>8}{'msgs':>9}{'precision':>11}{'recall':>9}{'f1':>9}"
            f"{'overmerged':>12}{'joined':>8}{'split':>7}{'junk':>6}")
    lines = [head, "-" * len(head)]
    for r in report.scenarios + [report.overall]:
        if r is report.overall:
            lines.append("-" * len(head))
        lines.append(f"{r.name:<20}{r.people:>8}{r.messages:>9}{r.precision:>11.4f}{r.recall:>9.4f}{r.f1:>9.4f}"
                     f"{r.overmerged_profiles:>12}{r.people_joined:>8}{r.split_people:>7}{r.junk_merges:>6}")
    causes = ", ".join(f"{k}={v} ({report.people_by_cause[k]} people)"
                       for k, v in sorted(report.merge_causes.items())) or "none"
    lines.append(f"over-merge causes: {causes}; unresolved messages: {report.unresolved}; "
                 f"observed ids not in truth: {report.unknown_observed}")
    o = report.overall
    verdicts = [("precision", o.precision >= TARGETS["precision"], f"{o.precision:.4f} >= {TARGETS['precision']}"),
                ("recall", o.recall >= TARGETS["recall"], f"{o.recall:.4f} >= {TARGETS['recall']}"),
                ("junk_merges", o.junk_merges == 0, f"{o.junk_merges} == 0")]
    lines.append("targets: " + "; ".join(f"{n} {t} {'PASS' if ok else 'FAIL'}" for n, ok, t in verdicts))
    return "\n".join(lines)


def result_line(report: Report, extra: list[str]) -> str:
    o = report.overall
    fields = [f"precision={o.precision:.4f}", f"recall={o.recall:.4f}", f"f1={o.f1:.4f}",
              f"overmerged_profiles={o.overmerged_profiles}", f"junk_merges={o.junk_merges}"]
    return "RESULT " + " ".join(fields + extra)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--truth", required=True)
    parser.add_argument("--observed", required=True)
    parser.add_argument("--result", nargs="*", default=None, metavar="KEY=VALUE",
                        help="print a final RESULT line, with these extra fields appended")
    parser.add_argument("--strict", action="store_true", help="exit 1 when a target is missed")
    args = parser.parse_args(argv)
    with open(args.truth, encoding="utf-8") as f:
        truth = json.load(f)
    report = score(truth["messages"], load_observed(args.observed), truth["people"])
    print(format_table(report))
    if args.result is not None:
        print(result_line(report, args.result))
    o = report.overall
    missed = o.precision < TARGETS["precision"] or o.recall < TARGETS["recall"] or o.junk_merges > 0
    return 1 if args.strict and missed else 0


if __name__ == "__main__":
    sys.exit(main())
