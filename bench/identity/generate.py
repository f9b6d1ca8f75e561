#!/usr/bin/env python3
"""Synthetic multi-channel customers with ground truth, for the identity-resolution benchmark.

Writes OUT/messages.ndjson (Segment-style messages, each with a messageId, in event-time
order) and OUT/truth.json ({"messages": {messageId: person}, "people": {person: {...}}}).
The same --seed and --people always produce byte-identical files (with the pinned Faker).

Every person's messages are linkable through real identifiers (a fair resolver can reach
recall 1.0), and no real identifier is shared by two people except a household's phone
(a fair resolver can reach precision 1.0). `check()` proves both on the generated data.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import sys
import uuid
from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone

from faker import Faker

import canonical as C

T0 = datetime(2025, 1, 6, 8, 0, tzinfo=timezone.utc)
LOCALE_WEIGHTS = [("RU", 35), ("PL", 20), ("CN", 20), ("US", 25)]
SCENARIOS = [
    "anon_to_identified", "cross_device", "card_then_phone", "email_variants", "phone_formats",
    "namesakes", "household", "junk", "anon_only",
]
PAGES = [("Home", "/"), ("Catalog", "/catalog"), ("Shoes", "/catalog/shoes"), ("Sale", "/sale"),
         ("Product", "/p/"), ("Cart", "/cart"), ("Delivery", "/help/delivery")]
EVENTS = ["Product Viewed", "Product Added", "Checkout Started", "Order Completed"]
CURRENCY = {"RU": "RUB", "PL": "PLN", "CN": "CNY", "US": "USD"}


@dataclass
class Person:
    pid: str
    country: str
    name: str
    first: str
    last: str
    city: str
    email: str
    phone: str  # national significant number
    card: str
    user_id: str
    anon_only: bool = False
    account: bool = False
    browse_first: bool = False
    signup_fields: str = "both"  # both | email | phone
    cross_device: str = ""  # "" | user_id | email
    pos: bool = False
    crm: bool = False
    junk: list[str] = field(default_factory=list)
    tags: set[str] = field(default_factory=set)

    @property
    def locale(self) -> str:
        return C.COUNTRIES[self.country][1]


class Generator:
    def __init__(self, seed: int, unlisted_junk: bool = False):
        self.rng = random.Random(seed)
        self.fakers = {}
        for i, (country, _) in enumerate(LOCALE_WEIGHTS):
            fake = Faker(C.COUNTRIES[country][2])
            fake.seed_instance(seed * 31 + i)
            self.fakers[country] = fake
        self.unlisted_junk = unlisted_junk
        self.used: set[str] = set()
        self.events: list[tuple[datetime, int, str, dict]] = []
        self.seq = 0

    # ---- unique values -------------------------------------------------------------
    def uid(self) -> str:
        return str(uuid.UUID(int=self.rng.getrandbits(128), version=4))

    def unique(self, make) -> str:
        while True:
            value = make()
            if value not in self.used:
                self.used.add(value)
                return value

    def national_phone(self, country: str) -> str:
        r = self.rng
        def make() -> str:
            while True:
                if country == "RU":
                    d = "9" + "".join(r.choice("0123456789") for _ in range(9))
                elif country == "PL":
                    d = r.choice(["50", "51", "53", "57", "60", "66", "69", "72", "73", "78", "79", "88"])
                    d += "".join(r.choice("0123456789") for _ in range(7))
                elif country == "CN":
                    d = r.choice(["13", "15", "17", "18", "19"]) + "".join(r.choice("0123456789") for _ in range(9))
                else:
                    d = (r.choice("23456789") + r.choice("0123456789") + r.choice("0123456789")
                         + r.choice("23456789") + "".join(r.choice("0123456789") for _ in range(6)))
                if not C.looks_like_placeholder(d):
                    return d
        return self.unique(lambda: "phone:" + make())[len("phone:"):]

    def email(self, fake: Faker) -> str:
        def make() -> str:
            user = fake.user_name().lower()
            if self.rng.random() < 0.5:
                user += str(self.rng.randint(1, 999))
            return f"email:{user}@{fake.free_email_domain()}"
        return self.unique(make)[len("email:"):]

    # ---- people ----------------------------------------------------------------------
    def person(self, index: int) -> Person:
        r = self.rng
        country = r.choices([c for c, _ in LOCALE_WEIGHTS], [w for _, w in LOCALE_WEIGHTS])[0]
        fake = self.fakers[country]
        first, last = fake.first_name(), fake.last_name()
        p = Person(
            pid=f"p{index:06d}", country=country, name=f"{first} {last}" if country != "CN" else last + first,
            first=first, last=last, city=fake.city(), email=self.email(fake),
            phone=self.national_phone(country),
            card=self.unique(lambda: "card:" + "".join(r.choice("0123456789") for _ in range(13)))[5:],
            user_id=self.unique(lambda: f"user:u{r.getrandbits(48):012x}")[5:],
        )
        roll = r.random()
        if roll < 0.08:
            p.anon_only = True
            return p
        if roll < 0.11:  # junk-only visitor: browses, then types junk into a form
            p.junk = ["form"]
            return p
        p.account = r.random() < 0.85
        if p.account:
            p.browse_first = r.random() < 0.8
            p.signup_fields = r.choices(["both", "email", "phone"], [70, 15, 15])[0]
            if r.random() < 0.3:
                p.cross_device = r.choice(["user_id", "email"])
        p.pos = r.random() < 0.3
        p.crm = r.random() < 0.25
        if not p.account and not p.pos and not p.crm:
            p.pos = True
        if p.account and r.random() < 0.05:
            p.junk = [r.choice(["sdk_null_user", "signup_email", "pos_phone", "pos_card"])]
            if p.junk[0] in ("pos_phone", "pos_card"):
                p.pos = True
            if p.junk[0] == "sdk_null_user":
                p.browse_first = True
            if p.junk[0] == "signup_email":
                p.signup_fields = "both"
                p.crm = False
                if p.cross_device == "email":
                    p.cross_device = "user_id"
        return p

    def pair_hard_negatives(self, people: list[Person]) -> None:
        r = self.rng
        by_country: dict[str, list[Person]] = {}
        for p in people:
            if p.account and not p.junk:
                by_country.setdefault(p.country, []).append(p)
        for country in sorted(by_country):
            pool = by_country[country]
            r.shuffle(pool)
            households = max(1, round(len(pool) * 0.02)) if len(pool) >= 8 else 0
            for i in range(households):
                a, b = pool[2 * i], pool[2 * i + 1]
                b.phone, b.last, b.city = a.phone, a.last, a.city
                b.name = f"{b.first} {b.last}" if country != "CN" else b.last + b.first
                for h in (a, b):
                    h.tags.add("household")
                    h.signup_fields, h.pos = "both", False
                    if h.cross_device == "email":
                        h.cross_device = "user_id"
            rest = pool[2 * households:]
            groups = max(1, round(len(rest) * 0.03)) if len(rest) >= 4 else 0
            for i in range(groups):
                a, b = rest[2 * i], rest[2 * i + 1]
                b.first, b.last, b.name, b.city = a.first, a.last, a.name, a.city
                a.tags.add("namesakes")
                b.tags.add("namesakes")

    # ---- messages --------------------------------------------------------------------
    def emit(self, p: Person, when: datetime, message: dict) -> None:
        message["messageId"] = self.uid()
        message["timestamp"] = when.strftime("%Y-%m-%dT%H:%M:%S.") + f"{when.microsecond // 1000:03d}Z"
        self.seq += 1
        self.events.append((when, self.seq, p.pid, message))

    def phone_text(self, p: Person, national_bias: float) -> str:
        intl, nat = C.phone_formats(p.country, p.phone)
        return self.rng.choice(nat if self.rng.random() < national_bias else intl)

    def web_context(self, p: Person, device: dict | None = None) -> dict:
        context = {"locale": p.locale, "library": {"name": "analytics.js", "version": "4.1.0"}}
        if device:
            context["device"] = device
        return context

    def browse(self, p: Person, t: datetime, ids: dict, count: int, device: dict | None = None) -> datetime:
        r = self.rng
        for _ in range(count):
            t += timedelta(seconds=r.randint(5, 600))
            if r.random() < 0.6:
                name, path = r.choice(PAGES)
                if path == "/p/":
                    path += str(r.randint(1000, 9999))
                body = {"type": "page", "name": name, "properties": {"path": path, "url": "https://shop.example" + path}}
            else:
                body = {"type": "track", "event": r.choice(EVENTS),
                        "properties": {"product_id": f"sku-{r.randint(1, 5000)}", "price": round(r.uniform(5, 300), 2),
                                       "currency": CURRENCY[p.country]}}
            body.update(ids)
            body["context"] = self.web_context(p, device)
            self.emit(p, t, body)
        return t

    def identify(self, p: Person, t: datetime, ids: dict, traits: dict, library: str = "analytics.js",
                 device: dict | None = None) -> None:
        body = {"type": "identify", **ids, "traits": traits,
                "context": {"locale": p.locale, "library": {"name": library}}}
        if device:
            body["context"]["device"] = device
        self.emit(p, t, body)

    def profile_traits(self, p: Person, email: str | None, phone: str | None) -> dict:
        traits: dict = {"name": p.name, "first_name": p.first, "last_name": p.last,
                        "address": {"city": p.city, "country": p.country}}
        if email is not None:
            traits["email"] = email
        if phone is not None:
            traits["phone"] = phone
        return traits

    def messages_for(self, p: Person) -> None:
        r = self.rng
        start = T0 + timedelta(seconds=r.randint(0, 75 * 86400))
        t = start
        a1 = self.uid()
        web_email_known = False
        web_phone_known = False
        if p.anon_only:
            self.browse(p, t, {"anonymousId": a1}, r.randint(2, 8))
            return
        if p.junk == ["form"]:
            t = self.browse(p, t, {"anonymousId": a1}, r.randint(1, 5))
            traits = {"email": r.choice(C.JUNK_EMAILS + (C.UNLISTED_JUNK_EMAILS if self.unlisted_junk else []))}
            if r.random() < 0.5:
                traits["phone"] = r.choice(C.JUNK_PHONES)
            self.identify(p, t + timedelta(seconds=30), {"anonymousId": a1}, traits)
            if r.random() < 0.5:
                self.browse(p, t + timedelta(minutes=2), {"userId": r.choice(C.JUNK_USER_IDS), "anonymousId": a1},
                            r.randint(1, 3))
            return

        if p.account:
            if p.browse_first:
                p.tags.add("anon_to_identified")
                t = self.browse(p, t, {"anonymousId": a1}, r.randint(1, 6))
                if p.junk == ["sdk_null_user"]:
                    t = self.browse(p, t, {"anonymousId": a1, "userId": r.choice(C.JUNK_USER_IDS)}, r.randint(1, 3))
            t += timedelta(seconds=r.randint(20, 900))
            email = p.email if p.signup_fields in ("both", "email") else None
            phone = self.phone_text(p, 0.5) if p.signup_fields in ("both", "phone") else None
            if p.junk == ["signup_email"]:
                email = r.choice(C.JUNK_EMAILS)
            self.identify(p, t, {"userId": p.user_id, "anonymousId": a1}, self.profile_traits(p, email, phone))
            web_email_known = email is not None and p.junk != ["signup_email"]
            web_phone_known = phone is not None
            t = self.browse(p, t, {"userId": p.user_id, "anonymousId": a1}, r.randint(0, 4))
            # Channels below link through the e-mail or phone: the account must hold them.
            if not web_email_known and (p.cross_device == "email" or p.crm) and p.junk != ["signup_email"]:
                t += timedelta(hours=r.randint(1, 200))
                self.identify(p, t, {"userId": p.user_id}, {"email": p.email})
                web_email_known = True
            if not web_phone_known and p.pos:
                t += timedelta(hours=r.randint(1, 200))
                self.identify(p, t, {"userId": p.user_id}, {"phone": self.phone_text(p, 0.5),
                                                            "country": p.country})
                web_phone_known = True
            if p.cross_device:
                p.tags.add("cross_device")
                t2 = t + timedelta(hours=r.randint(2, 400))
                a2 = self.uid()
                device = {"id": self.uid(), "type": r.choice(["ios", "android"])}
                app = "analytics-" + device["type"]
                t2 = self.browse(p, t2, {"anonymousId": a2}, r.randint(1, 4), device)
                t2 += timedelta(seconds=r.randint(30, 600))
                if p.cross_device == "user_id":
                    self.identify(p, t2, {"userId": p.user_id, "anonymousId": a2}, {}, app, device)
                    after = {"userId": p.user_id, "anonymousId": a2}
                else:
                    self.identify(p, t2, {"anonymousId": a2}, {"email": p.email}, app, device)
                    after = {"anonymousId": a2}
                self.browse(p, t2, after, r.randint(0, 2), device)

        if p.pos:
            p.tags.add("card_then_phone")
            tp = start + timedelta(hours=r.randint(1, 30 * 24))
            card = p.card if r.random() < 0.5 else " ".join(p.card[i:i + 4] for i in range(0, len(p.card), 4))
            for _ in range(r.randint(1, 3)):
                tp += timedelta(days=r.randint(1, 10), minutes=r.randint(0, 600))
                self.pos_message(p, tp, {"loyalty_card": card})
            if p.junk == ["pos_phone"]:  # the till clerk typed a placeholder phone
                tp += timedelta(days=r.randint(1, 10), minutes=r.randint(0, 600))
                self.pos_message(p, tp, {"loyalty_card": card, "phone": r.choice(C.JUNK_PHONES)})
            if p.junk == ["pos_card"]:  # a placeholder card beside the real phone
                tp += timedelta(days=r.randint(1, 10), minutes=r.randint(0, 600))
                self.pos_message(p, tp, {"loyalty_card": r.choice(C.JUNK_CARDS), "phone": self.phone_text(p, 0.8)})
            for _ in range(r.randint(1, 3)):
                tp += timedelta(days=r.randint(1, 10), minutes=r.randint(0, 600))
                self.pos_message(p, tp, {"loyalty_card": card, "phone": self.phone_text(p, 0.8)})

        if p.crm:
            tc = start + timedelta(days=r.randint(1, 40), hours=r.randint(0, 23))
            record = {"anonymousId": f"crm-{self.uid()[:13]}"}
            for k in range(r.randint(1, 2)):
                tc += timedelta(days=r.randint(1, 14) * k)
                phone = None
                if not p.account or (p.pos and "household" not in p.tags):
                    phone = self.phone_text(p, 0.5)  # the CRM record's link to the till
                traits = self.profile_traits(p, C.email_variant(p.email, r.randint(0, 9)), phone)
                self.identify(p, tc, record, traits, library="crm-export")

    def pos_message(self, p: Person, when: datetime, traits: dict) -> None:
        r = self.rng
        ids = {"anonymousId": f"pos-{self.uid()}"}
        if r.random() < 0.5:
            self.identify(p, when, ids, {**traits, "country": p.country}, library="mosaic-pos")
        else:
            body = {"type": "track", "event": "Order Completed", **ids,
                    "properties": {"order_id": f"pos-{r.getrandbits(40):010x}", "total": round(r.uniform(5, 900), 2),
                                   "currency": CURRENCY[p.country]},
                    "context": {"locale": p.locale, "library": {"name": "mosaic-pos"}, "traits": dict(traits)}}
            self.emit(p, when, body)

    def run(self, count: int) -> tuple[list[dict], dict]:
        people = [self.person(i) for i in range(count)]
        self.pair_hard_negatives(people)
        for p in people:
            self.messages_for(p)
        self.events.sort(key=lambda e: (e[0], e[1]))
        messages = [e[3] for e in self.events]
        owner = {e[3]["messageId"]: e[2] for e in self.events}
        truth_people = describe(people, self.events)
        return messages, {"messages": owner, "people": truth_people}


def describe(people: list[Person], events) -> dict:
    """Per person: scenarios, and the identifiers it really holds (read back from its messages)."""
    real: dict[str, set[str]] = {p.pid: set() for p in people}
    junk: dict[str, set[str]] = {p.pid: set() for p in people}
    emails: dict[str, set[str]] = {p.pid: set() for p in people}
    phones: dict[str, set[str]] = {p.pid: set() for p in people}
    for _, _, pid, message in events:
        r, j = C.identifiers(message)
        real[pid] |= r
        junk[pid] |= j
        for source in (message.get("traits") or {}, (message.get("context") or {}).get("traits") or {}):
            if isinstance(source.get("email"), str) and source["email"].strip().lower() not in C.JUNK_EMAILS:
                emails[pid].add(source["email"])
            if isinstance(source.get("phone"), str) and source["phone"] not in C.JUNK_PHONES:
                phones[pid].add(source["phone"])
    out = {}
    for p in people:
        tags = set(p.tags)
        if p.anon_only:
            tags.add("anon_only")
        if p.junk:
            tags.add("junk")
        if len(emails[p.pid]) > 1:
            tags.add("email_variants")
        if len(phones[p.pid]) > 1:
            tags.add("phone_formats")
        out[p.pid] = {"country": p.country, "scenarios": sorted(tags),
                      "ids": sorted(real[p.pid]), "junk": sorted(junk[p.pid])}
    return out


def check(messages: list[dict], truth: dict) -> list[str]:
    """Fairness of the data set: each person connected through real identifiers; no real
    identifier shared across people except a household's phone; ids unique; time ordered."""
    problems: list[str] = []
    owner = truth["messages"]
    people = truth["people"]
    if len(owner) != len(messages):
        problems.append(f"{len(messages)} messages but {len(owner)} truth rows (duplicate messageId?)")
    last = ""
    parent: dict[str, str] = {}

    def find(x: str) -> str:
        while parent.setdefault(x, x) != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    holders: dict[str, set[str]] = {}
    for m in messages:
        if m["timestamp"] < last:
            problems.append(f"{m['messageId']} out of time order")
        last = m["timestamp"]
        if not m.get("userId") and not m.get("anonymousId"):
            problems.append(f"{m['messageId']} has neither userId nor anonymousId")
        pid = owner[m["messageId"]]
        real, _ = C.identifiers(m)
        node = "m:" + m["messageId"]
        for key in real:
            holders.setdefault(key, set()).add(pid)
            parent[find(node)] = find(f"{pid}|{key}")
    roots: dict[str, set[str]] = {}
    for m in messages:
        roots.setdefault(owner[m["messageId"]], set()).add(find("m:" + m["messageId"]))
    for pid, r in roots.items():
        if len(r) > 1:
            problems.append(f"{pid} splits into {len(r)} unlinkable groups")
    for key, pids in holders.items():
        if len(pids) > 1:
            shared_ok = key.startswith("phone:") and all("household" in people[x]["scenarios"] for x in pids)
            if not shared_ok or len(pids) > 2:
                problems.append(f"{key} shared by {sorted(pids)}")
    return problems


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--people", type=int, default=20000)
    parser.add_argument("--seed", type=int, default=42)
    parser.add_argument("--out", default="bench/identity/out")
    parser.add_argument("--unlisted-junk", action="store_true",
                        help="also use junk e-mails no default blocked list names (tests the frequency guard)")
    parser.add_argument("--check", action="store_true", help="verify the data set is fair; exit 1 if not")
    args = parser.parse_args(argv)
    if args.people < 1:
        parser.error("--people must be at least 1")
    messages, truth = Generator(args.seed, args.unlisted_junk).run(args.people)
    os.makedirs(args.out, exist_ok=True)
    with open(os.path.join(args.out, "messages.ndjson"), "w", encoding="utf-8") as f:
        for m in messages:
            f.write(json.dumps(m, ensure_ascii=False, separators=(",", ":")) + "\n")
    with open(os.path.join(args.out, "truth.json"), "w", encoding="utf-8") as f:
        json.dump(truth, f, ensure_ascii=False, separators=(",", ":"), sort_keys=True)
    counts = {s: 0 for s in SCENARIOS}
    for info in truth["people"].values():
        for s in info["scenarios"]:
            counts[s] += 1
    print(f"generated {len(messages)} messages for {args.people} people -> {args.out}", file=sys.stderr)
    print("people per scenario: " + ", ".join(f"{k}={v}" for k, v in counts.items()), file=sys.stderr)
    if args.check:
        problems = check(messages, truth)
        for line in problems[:20]:
            print("CHECK " + line, file=sys.stderr)
        if problems:
            print(f"CHECK FAILED: {len(problems)} problems", file=sys.stderr)
            return 1
        print("CHECK ok: every person linkable, no real identifier shared beyond households", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
