"""The scorer on hand-made mappings whose right answers are worked out by hand."""

import json
import os
import sys
import tempfile
import time
import unittest

sys.path.insert(0, os.path.join(os.path.dirname(__file__), ".."))

import score as S  # noqa: E402


def truth(sizes: dict[str, int]) -> dict[str, str]:
    """person → message count  ⇒  messageId → person (ids like A0, A1, B0)."""
    return {f"{p}{i}": p for p, n in sizes.items() for i in range(n)}


PEOPLE = {
    "A": {"scenarios": ["household"], "ids": ["user_id:a", "phone:+79160000001"], "junk": []},
    "B": {"scenarios": ["household"], "ids": ["user_id:b", "phone:+79160000001"], "junk": []},
    "C": {"scenarios": ["junk"], "ids": ["anonymous_id:c"], "junk": ["email:test@test.com"]},
    "D": {"scenarios": ["junk"], "ids": ["anonymous_id:d"], "junk": ["email:test@test.com"]},
    "E": {"scenarios": ["namesakes"], "ids": ["user_id:e"], "junk": []},
    "F": {"scenarios": ["namesakes"], "ids": ["user_id:f"], "junk": []},
}


class ScoreTests(unittest.TestCase):
    def test_perfect_mapping_scores_one(self):
        owner = truth({"A": 3, "B": 2, "C": 1})
        report = S.score(owner, {m: "prof-" + p for m, p in owner.items()}, PEOPLE)
        o = report.overall
        self.assertEqual((o.tp, o.true_pairs, o.predicted_pairs), (4, 4, 4))
        self.assertEqual((o.precision, o.recall, o.f1), (1.0, 1.0, 1.0))
        self.assertEqual((o.overmerged_profiles, o.split_people, o.junk_merges, report.unresolved), (0, 0, 0, 0))

    def test_one_overmerge_lowers_precision_only(self):
        owner = truth({"E": 3, "F": 2, "C": 1})
        observed = {m: ("x" if p in "EF" else "y") for m, p in owner.items()}
        o = S.score(owner, observed, PEOPLE).overall
        # true pairs 3 + 1; predicted C(5,2) = 10; all 4 true pairs found.
        self.assertEqual((o.tp, o.true_pairs, o.predicted_pairs), (4, 4, 10))
        self.assertAlmostEqual(o.precision, 0.4)
        self.assertEqual(o.recall, 1.0)
        self.assertAlmostEqual(o.f1, 2 * 0.4 / 1.4)
        self.assertEqual((o.overmerged_profiles, o.people_joined, o.split_people), (1, 2, 0))
        self.assertEqual(o.junk_merges, 0)

    def test_one_split_lowers_recall_only(self):
        owner = truth({"A": 4, "B": 1})
        observed = {"A0": "x", "A1": "x", "A2": "z", "A3": "z", "B0": "y"}
        o = S.score(owner, observed, PEOPLE).overall
        self.assertEqual((o.tp, o.true_pairs, o.predicted_pairs), (2, 6, 2))
        self.assertEqual(o.precision, 1.0)
        self.assertAlmostEqual(o.recall, 1 / 3)
        self.assertEqual((o.split_people, o.extra_fragments, o.overmerged_profiles), (1, 1, 0))

    def test_unresolved_messages_are_singletons(self):
        owner = truth({"A": 2})
        report = S.score(owner, {"A0": "x", "A1": None}, PEOPLE)
        self.assertEqual(report.unresolved, 1)
        self.assertEqual(report.overall.recall, 0.0)
        self.assertEqual(report.overall.split_people, 1)
        missing = S.score(owner, {"A0": "x"}, PEOPLE)  # absent counts like null
        self.assertEqual(missing.unresolved, 1)

    def test_two_unresolved_messages_never_pair_up(self):
        owner = truth({"A": 1, "B": 1})
        o = S.score(owner, {}, PEOPLE).overall
        self.assertEqual((o.predicted_pairs, o.overmerged_profiles), (0, 0))

    def test_merge_causes(self):
        self.assertEqual(S.merge_cause(["C", "D"], PEOPLE), "junk")
        self.assertEqual(S.merge_cause(["A", "B"], PEOPLE), "shared_real")
        self.assertEqual(S.merge_cause(["E", "F"], PEOPLE), "unexplained")
        self.assertEqual(S.merge_cause(["A", "B", "E"], PEOPLE), "unexplained")
        people = dict(PEOPLE, E={"scenarios": [], "ids": ["user_id:e"], "junk": ["email:test@test.com"]})
        self.assertEqual(S.merge_cause(["A", "B", "C", "E"], people), "junk")

    def test_junk_merge_counted_per_profile(self):
        owner = truth({"C": 2, "D": 2, "A": 1, "B": 1})
        observed = {"C0": "j", "C1": "j", "D0": "j", "D1": "j", "A0": "h", "B0": "h"}
        report = S.score(owner, observed, PEOPLE)
        self.assertEqual(report.overall.overmerged_profiles, 2)
        self.assertEqual(report.overall.junk_merges, 1)
        self.assertEqual(dict(report.merge_causes), {"junk": 1, "shared_real": 1})
        self.assertEqual(dict(report.people_by_cause), {"junk": 2, "shared_real": 2})
        self.assertIn("junk=1 (2 people), shared_real=1 (2 people)", S.format_table(report))
        rows = {r.name: r for r in report.scenarios}
        self.assertEqual((rows["junk"].junk_merges, rows["household"].junk_merges), (1, 0))

    def test_scenario_rows_count_pairs_touching_the_scenario(self):
        # A (household, 2 msgs) merged with E (namesakes, 2 msgs); C (junk) alone.
        owner = truth({"A": 2, "E": 2, "C": 3})
        observed = {"A0": "x", "A1": "x", "E0": "x", "E1": "x", "C0": "c", "C1": "c", "C2": "c"}
        rows = {r.name: r for r in S.score(owner, observed, PEOPLE).scenarios}
        h = rows["household"]
        # predicted pairs touching A: C(4,2) - C(2,2) = 5; true pairs of A: 1.
        self.assertEqual((h.people, h.messages, h.tp, h.true_pairs, h.predicted_pairs), (1, 2, 1, 1, 5))
        self.assertAlmostEqual(h.precision, 0.2)
        self.assertEqual((h.overmerged_profiles, h.people_joined), (1, 1))
        j = rows["junk"]
        self.assertEqual((j.precision, j.recall, j.overmerged_profiles), (1.0, 1.0, 0))
        self.assertEqual(rows["cross_device"].people, 0)

    def test_linear_in_messages(self):
        n = 300_000  # O(n²) pair enumeration would be 4.5e10 pairs
        owner = {f"m{i}": f"p{i % 1000}" for i in range(n)}
        people = {f"p{i}": {"scenarios": ["junk"] if i % 2 else [], "ids": [], "junk": []} for i in range(1000)}
        start = time.monotonic()
        o = S.score(owner, {m: "one" for m in owner}, people).overall
        self.assertLess(time.monotonic() - start, 20)
        self.assertEqual(o.predicted_pairs, n * (n - 1) // 2)
        self.assertEqual(o.true_pairs, 1000 * (300 * 299 // 2))
        self.assertEqual(o.people_joined, 1000)

    def test_load_observed_json_and_ndjson(self):
        with tempfile.TemporaryDirectory() as d:
            a = os.path.join(d, "a.json")
            with open(a, "w") as f:
                json.dump({"m1": "p", "m2": None, "m3": 17}, f)
            self.assertEqual(S.load_observed(a), {"m1": "p", "m2": None, "m3": "17"})
            b = os.path.join(d, "b.ndjson")
            with open(b, "w") as f:
                f.write('{"messageId":"m1","profile_id":"p"}\n\n{"messageId":"m2","profile_id":null}\n')
            self.assertEqual(S.load_observed(b), {"m1": "p", "m2": None})
            with open(b, "a") as f:
                f.write('{"profile_id":"p"}\n')
            with self.assertRaises(SystemExit) as caught:
                S.load_observed(b)
            self.assertIn(":4:", str(caught.exception))

    def test_result_line_and_targets(self):
        owner = truth({"C": 2, "D": 2})
        report = S.score(owner, {m: "j" for m in owner}, PEOPLE)
        line = S.result_line(report, ["ingest_eps=10"])
        self.assertEqual(line, "RESULT precision=0.3333 recall=1.0000 f1=0.5000 overmerged_profiles=1 "
                               "junk_merges=1 ingest_eps=10")
        self.assertIn("precision 0.3333 >= 0.995 FAIL", S.format_table(report))
        self.assertIn("junk_merges 1 == 0 FAIL", S.format_table(report))


if __name__ == "__main__":
    unittest.main()
