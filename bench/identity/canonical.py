"""Identifier rendering and canonicalisation shared by the generator, the scorer and the tests.

The generator writes identifiers the way people and systems really write them (phones in
national and international formats, e-mails with stray case and whitespace). This module is
the benchmark's own, independent reading of those strings: it lets the generator record
which canonical identifiers each person holds (so the scorer can tell *why* two people were
merged) and lets the tests prove that every rendered variant still means the intended value.
It deliberately knows only the four countries the benchmark generates.
"""

from __future__ import annotations

import re

# Country → (calling code, the locale the person's browser sends, the Faker locale).
COUNTRIES = {
    "RU": ("7", "ru-RU", "ru_RU"),
    "PL": ("48", "pl-PL", "pl_PL"),
    "CN": ("86", "zh-CN", "zh_CN"),
    "US": ("1", "en-US", "en_US"),
}
CALLING_TO_COUNTRY = {code: country for country, (code, _, _) in COUNTRIES.items()}

# Values forms, SDKs and tills send when the real one is unknown. Every one of them is
# either blocked by Mosaic's default identity rules or rejected by its phone normaliser,
# so a correct resolver links nobody through them.
JUNK_EMAILS = ["test@test.com", "null", "undefined", "test@example.com"]
JUNK_PHONES = ["0000000000", "123456", "1234567890"]
JUNK_USER_IDS = ["null", "undefined"]
JUNK_CARDS = ["123456", "0"]
# Junk that no default list names: only a value-frequency guard can stop it.
UNLISTED_JUNK_EMAILS = ["asdf@asdf.com", "no@email.com"]

_PLACEHOLDER_RUN = "01234567890"


def looks_like_placeholder(digits: str) -> bool:
    """Mosaic rejects a number that is one repeated digit, or that *is* a run of 7+ from
    `01234567890` (the whole number, not a part of it); never generate those."""
    if len(digits) >= 5 and len(set(digits)) == 1:
        return True
    return len(digits) >= 7 and digits in _PLACEHOLDER_RUN


def phone_formats(country: str, national: str) -> tuple[list[str], list[str]]:
    """(international renderings, national renderings) of one national significant number."""
    d = national
    if country == "RU":
        intl = [f"+7 ({d[0:3]}) {d[3:6]}-{d[6:8]}-{d[8:10]}", f"+7{d}", f"+7 {d[0:3]} {d[3:6]} {d[6:8]} {d[8:10]}"]
        nat = [f"8 {d[0:3]} {d[3:6]}-{d[6:8]}-{d[8:10]}", f"8{d}", f"8 ({d[0:3]}) {d[3:6]}-{d[6:8]}-{d[8:10]}"]
    elif country == "PL":
        intl = [f"+48 {d[0:3]}-{d[3:6]}-{d[6:9]}", f"+48{d}", f"0048 {d[0:3]} {d[3:6]} {d[6:9]}"]
        nat = [f"{d[0:3]} {d[3:6]} {d[6:9]}", d, f"{d[0:3]}-{d[3:6]}-{d[6:9]}"]
    elif country == "CN":
        intl = [f"+86 {d[0:3]} {d[3:7]} {d[7:11]}", f"+86{d}", f"+86-{d[0:3]}-{d[3:7]}-{d[7:11]}"]
        nat = [f"{d[0:3]} {d[3:7]} {d[7:11]}", d, f"{d[0:3]}-{d[3:7]}-{d[7:11]}"]
    elif country == "US":
        intl = [f"+1 {d[0:3]}-{d[3:6]}-{d[6:10]}", f"+1{d}", f"+1 ({d[0:3]}) {d[3:6]}-{d[6:10]}"]
        nat = [f"({d[0:3]}) {d[3:6]}-{d[6:10]}", f"{d[0:3]}-{d[3:6]}-{d[6:10]}", f"1 {d[0:3]} {d[3:6]} {d[6:10]}"]
    else:
        raise ValueError(f"unsupported country {country!r}")
    return intl, nat


def canonical_phone(raw: str, country: str | None) -> str | None:
    """E.164 for the benchmark's countries, or None for what Mosaic would reject."""
    text = raw.strip()
    international = text.startswith("+") or text.startswith("00")
    digits = re.sub(r"\D", "", text)
    if international:
        if text.startswith("00"):
            digits = digits[2:]
        for code in sorted(CALLING_TO_COUNTRY, key=len, reverse=True):
            if digits.startswith(code):
                national = digits[len(code):]
                return _valid(CALLING_TO_COUNTRY[code], national)
        return None
    if country not in COUNTRIES:
        return None
    if country == "RU" and len(digits) == 11 and digits[0] in "87":
        digits = digits[1:]
    elif country == "US" and len(digits) == 11 and digits[0] == "1":
        digits = digits[1:]
    return _valid(country, digits)


def _valid(country: str, national: str) -> str | None:
    lengths = {"RU": 10, "PL": 9, "CN": 11, "US": 10}
    if len(national) != lengths[country] or looks_like_placeholder(national):
        return None
    return "+" + COUNTRIES[country][0] + national


def canonical_email(raw: str) -> str:
    return raw.strip().lower()


def canonical_card(raw: str) -> str:
    return raw.replace(" ", "")


def email_variant(email: str, style: int) -> str:
    """How a CRM export mangles an address: case and surrounding whitespace only."""
    local, _, domain = email.partition("@")
    title_local = ".".join(part[:1].upper() + part[1:] for part in local.split("."))
    styles = [
        f"  {title_local}@{domain[:1].upper()}{domain[1:].rsplit('.', 1)[0]}.{domain.rsplit('.', 1)[-1].upper()} ",
        email.upper(),
        f"\t{email}\t",
        f"{title_local}@{domain}",
        f" {local}@{domain.upper()}",
    ]
    return styles[style % len(styles)]


def country_of(message: dict) -> str | None:
    """The country a national-format phone in this message is read in (Mosaic's order)."""
    context = message.get("context") or {}
    traits = message.get("traits") or {}
    ctraits = context.get("traits") or {}
    candidates = [
        (context.get("location") or {}).get("country"),
        traits.get("country"), (traits.get("address") or {}).get("country"),
        ctraits.get("country"), (ctraits.get("address") or {}).get("country"),
        context.get("locale"),
    ]
    for value in candidates:
        if isinstance(value, str) and value:
            code = value.split("-")[-1].upper() if "-" in value else value.upper()
            if code in COUNTRIES:
                return code
    return None


def identifiers(message: dict) -> tuple[set[str], set[str]]:
    """(real identifier keys, junk identifier keys) of a message, as `type:value`.

    Mirrors what the resolver reads: userId, anonymousId, traits / context.traits email,
    phone and loyalty_card, context.device.id. A value that is junk, or that Mosaic's
    normaliser would reject, lands in the junk set under its raw lower-cased text.
    """
    real: set[str] = set()
    junk: set[str] = set()
    context = message.get("context") or {}
    country = country_of(message)

    def add(kind: str, value) -> None:
        if not isinstance(value, str) or not value.strip():
            return
        low = value.strip().lower()
        if kind == "email":
            key = canonical_email(value)
            blocked = key in JUNK_EMAILS or key in UNLISTED_JUNK_EMAILS
        elif kind == "phone":
            key = canonical_phone(value, country)
            blocked = key is None or low in JUNK_PHONES
        elif kind == "loyalty_card":
            key = canonical_card(value)
            blocked = key in JUNK_CARDS
        else:
            key = value
            blocked = low in JUNK_USER_IDS or low in ("anonymous", "")
        if blocked:
            junk.add(f"{kind}:{low}")
        else:
            real.add(f"{kind}:{key}")

    add("user_id", message.get("userId"))
    add("anonymous_id", message.get("anonymousId"))
    for source in (message.get("traits") or {}, context.get("traits") or {}):
        for kind in ("email", "phone", "loyalty_card"):
            add(kind, source.get(kind))
    add("device_id", (context.get("device") or {}).get("id"))
    return real, junk
