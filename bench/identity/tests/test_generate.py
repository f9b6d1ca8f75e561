"""The generator: deterministic, fair (linkable, no accidental sharing), and really hard."""

import hashlib
import json
import os
import random
import re
import subprocess
import sys
import tempfile
import unittest
from collections import defaultdict

HERE = os.path.join(os.path.dirname(__file__), "..")
sys.path.insert(0, HERE)

import canonical as C  # noqa: E402
import generate as G  # noqa: E402
import score as S  # noqa: E402

N = 3000
_CACHE = {}


def dataset(seed=7):
    if seed not in _CACHE:
        _CACHE[seed] = G.Generator(seed).run(N)
    return _CACHE[seed]


def naive_resolve(messages, use_junk: bool):
    """Union every message sharing an identifier (optionally junk too): a strawman resolver."""
    parent = {}

    def find(x):
        while parent.setdefault(x, x) != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    for m in messages:
        real, junk = C.identifiers(m)
        for key in real | (junk if use_junk else set()):
            parent[find("m:" + m["messageId"])] = find(key)
    return {m["messageId"]: find("m:" + m["messageId"]) for m in messages}


class GeneratorTests(unittest.TestCase):
    def test_same_seed_same_bytes_other_seed_differs(self):
        with tempfile.TemporaryDirectory() as d:
            digests = []
            for i, seed in enumerate([5, 5, 6]):
                out = os.path.join(d, str(i))
                subprocess.run([sys.executable, os.path.join(HERE, "generate.py"), "--people", "300",
                                "--seed", str(seed), "--out", out], check=True, capture_output=True)
                h = hashlib.sha256()
                for name in ("messages.ndjson", "truth.json"):
                    with open(os.path.join(out, name), "rb") as f:
                        h.update(f.read())
                digests.append(h.hexdigest())
            self.assertEqual(digests[0], digests[1])
            self.assertNotEqual(digests[0], digests[2])

    def test_dataset_is_fair_for_several_seeds(self):
        for seed in (7, 8, 9):
            messages, truth = dataset(seed)
            self.assertEqual(G.check(messages, truth), [], f"seed {seed}")

    def test_check_catches_shared_identifiers_and_unlinkable_people(self):
        messages, truth = dataset()
        broken = [json.loads(json.dumps(m)) for m in messages]
        owner = truth["messages"]
        first = {}
        for m in broken:  # give someone else's e-mail to a web identify
            pid = owner[m["messageId"]]
            email = (m.get("traits") or {}).get("email")
            if email and "@" in email and email not in C.JUNK_EMAILS:
                if first and pid not in first:
                    m["traits"]["email"] = next(iter(first.values()))
                    break
                first[pid] = email
        self.assertTrue(any("shared by" in p for p in G.check(broken, truth)))
        broken = [json.loads(json.dumps(m)) for m in messages]
        for m in broken:  # cut a POS message loose from its card
            traits = (m.get("context") or {}).get("traits") or m.get("traits") or {}
            if "loyalty_card" in traits and "phone" not in traits:
                traits["loyalty_card"] = "9" * 12 + "1"
                break
        self.assertTrue(any("unlinkable" in p for p in G.check(broken, truth)))

    def test_every_scenario_is_populated(self):
        _, truth = dataset()
        counts = defaultdict(int)
        for info in truth["people"].values():
            for s in info["scenarios"]:
                counts[s] += 1
        for s in G.SCENARIOS:
            self.assertGreaterEqual(counts[s], 20, s)

    def test_messages_are_well_formed_and_time_ordered(self):
        messages, truth = dataset()
        ids = [m["messageId"] for m in messages]
        self.assertEqual(len(ids), len(set(ids)))
        self.assertEqual(set(ids), set(truth["messages"]))
        stamps = [m["timestamp"] for m in messages]
        self.assertEqual(stamps, sorted(stamps))
        for m in messages:
            self.assertRegex(m["timestamp"], r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$")
            self.assertIn(m["type"], ("identify", "track", "page"))
            self.assertTrue(m.get("userId") or m.get("anonymousId"))
            self.assertLess(len(json.dumps(m, ensure_ascii=False).encode()), 4096)

    def test_phones_appear_in_national_and_international_formats(self):
        messages, _ = dataset()
        raw = [t["phone"] for m in messages for t in (m.get("traits") or {}, (m.get("context") or {}).get("traits") or {})
               if isinstance(t.get("phone"), str)]
        patterns = {
            "RU national": r"^8 \d{3} \d{3}-\d\d-\d\d$", "RU international": r"^\+7 \(\d{3}\) \d{3}-\d\d-\d\d$",
            "PL national": r"^[5-8]\d\d \d{3} \d{3}$", "PL international": r"^\+48 \d{3}-\d{3}-\d{3}$",
            "CN national": r"^1\d\d \d{4} \d{4}$", "CN international": r"^\+86 1\d\d \d{4} \d{4}$",
            "US national": r"^\(\d{3}\) \d{3}-\d{4}$",
        }
        for name, pattern in patterns.items():
            self.assertTrue(any(re.match(pattern, p) for p in raw), name)
        for junk in ("0000000000", "123456"):
            self.assertIn(junk, raw)

    def test_every_rendering_means_the_same_phone(self):
        rng = random.Random(1)
        gen = G.Generator(1)
        for country in C.COUNTRIES:
            for _ in range(200):
                national = gen.national_phone(country)
                intl, nat = C.phone_formats(country, national)
                expected = "+" + C.COUNTRIES[country][0] + national
                for text in intl + nat:
                    self.assertEqual(C.canonical_phone(text, country), expected, text)
                # International renderings need no country; national ones read wrong elsewhere.
                self.assertEqual(C.canonical_phone(rng.choice(intl), None), expected)
        self.assertEqual(C.canonical_phone("8 916 123-45-67", "RU"), "+79161234567")
        self.assertEqual(C.canonical_phone("+7 (916) 123-45-67", None), "+79161234567")
        self.assertEqual(C.canonical_phone("+48 600-100-200", None), "+48600100200")
        self.assertIsNone(C.canonical_phone("0000000000", "RU"))

    def test_email_variants_differ_in_text_but_not_in_meaning(self):
        self.assertEqual(C.email_variant("ann.lee@example.com", 0), "  Ann.Lee@Example.COM ")
        variants = {C.email_variant("ann.lee@example.com", s) for s in range(5)}
        self.assertEqual(len(variants), 5)
        self.assertEqual({C.canonical_email(v) for v in variants}, {"ann.lee@example.com"})
        messages, truth = dataset()
        tagged = [p for p, i in truth["people"].items() if "email_variants" in i["scenarios"]]
        self.assertTrue(tagged)
        emails = [i for p in tagged for i in truth["people"][p]["ids"] if i.startswith("email:")]
        self.assertEqual(len(emails), len(tagged))  # many spellings, one canonical address each

    def test_hard_negatives_are_really_there(self):
        messages, truth = dataset()
        people = truth["people"]
        # namesakes: same name and city, nothing shared
        names = defaultdict(set)
        for m in messages:
            t = m.get("traits") or {}
            if "name" in t:
                names[(t["name"], t["address"]["city"])].add(truth["messages"][m["messageId"]])
        shared = [v for v in names.values() if len(v) > 1]
        self.assertTrue(any(all("namesakes" in people[p]["scenarios"] for p in v) for v in shared))
        # junk values are used by many different people
        junk_users = defaultdict(set)
        for pid, info in people.items():
            for key in info["junk"]:
                junk_users[key].add(pid)
        self.assertGreaterEqual(max(len(v) for v in junk_users.values()), 10)
        self.assertIn("email:test@test.com", junk_users)
        self.assertTrue({"user_id:null", "user_id:undefined"} & set(junk_users))

    def test_strawman_resolvers_fail_where_they_should(self):
        messages, truth = dataset()
        perfect = S.score(truth["messages"], naive_resolve(messages, use_junk=False), truth["people"])
        rows = {r.name: r for r in perfect.scenarios}
        # Linking on every real identifier finds everyone; only households over-merge.
        self.assertEqual(perfect.overall.recall, 1.0)
        self.assertEqual(perfect.overall.junk_merges, 0)
        self.assertGreater(rows["household"].overmerged_profiles, 0)
        self.assertEqual(set(perfect.merge_causes), {"shared_real"})
        self.assertEqual(rows["namesakes"].precision, 1.0)
        careless = S.score(truth["messages"], naive_resolve(messages, use_junk=True), truth["people"])
        self.assertGreater(careless.overall.junk_merges, 0)
        self.assertLess(careless.overall.precision, 0.9)
        self.assertLess({r.name: r for r in careless.scenarios}["junk"].precision, 0.1)


if __name__ == "__main__":
    unittest.main()
