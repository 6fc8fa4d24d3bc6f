"""Write the sample event log of the e-commerce map: ``data/ecommerce-events.csv.gz``.

    python data/make_events.py [--cases 8000] [--seed 13] [--out data/ecommerce-events.csv.gz]

Made for this project, with a fixed seed (the same file every time): customers of "Online
store — current", each with a persona and the channel they shop on (website or app), walk the
stages Discover → Compare → Buy → Receive → Stay loyal and leave along the way.  How many leave
where depends on who they are: Hurried Hugo skips comparing and leaves at checkout when the
shipping costs appear, Anxious Anna leaves at the 3-D Secure check, app shoppers pay in one tap
and leave less at Buy.  Activities are the map's touchpoint names (so they match without a
mapping), with some events of no touchpoint ("Cookie banner accepted", "Session timeout") and
some repeats, steps back and ties.  Times are ISO 8601 with an offset (Paris winter time).

The benchmark (bench/bench_events.py) writes a million events with :func:`rows`.
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import gzip
import io
import random
from collections.abc import Iterator
from pathlib import Path

HEADER = ("case_id", "activity", "timestamp", "channel", "segment")
JOURNEY = "Online store — current"
PERSONAS = (  # name, share of customers, share on the app
    ("Analytical Alex", 0.30, 0.30),
    ("Hurried Hugo", 0.30, 0.60),
    ("Anxious Anna", 0.20, 0.25),
    ("Loyal Linda", 0.20, 0.50),
)
STAGES: dict[str, dict[str, tuple[str, ...]]] = {  # stage -> shopping channel -> activities
    "Discover": {
        "Website": (
            "Instagram sponsored post",
            "Search ad landing page",
            "Newsletter sign-up pop-up",
        ),
        "Mobile app": ("Instagram sponsored post", "Influencer unboxing videos"),
    },
    "Compare": {
        "Website": ("Product page with customer photos", "Side-by-side comparison tool"),
        "Mobile app": ("Wishlist", "Product page with customer photos"),
    },
    "Buy": {
        "Website": (
            "Guest checkout",
            "Shipping costs revealed at last step",
            "Card payment 3-D Secure check",
        ),
        "Mobile app": ("One-tap wallet payment",),
    },
    "Receive": {
        "Website": (
            "Order confirmation email",
            "Delivery tracking SMS",
            "Home delivery by carrier",
        ),
        "Mobile app": ("Order confirmation email", "Delivery tracking SMS", "Parcel locker pickup"),
    },
    "Stay loyal": {
        "Website": ("Post-purchase review request", "Self-service returns portal"),
        "Mobile app": ("Loyalty points wallet", "Refill reminder for consumables"),
    },
}
NOISE = ("Cookie banner accepted", "Session timeout", "Chatbot opened")
# chance of going on to each stage after the first, by persona, then a factor by channel
GO_ON = {
    "Analytical Alex": (0.85, 0.55, 0.90, 0.50),
    "Hurried Hugo": (0.60, 0.35, 0.85, 0.25),
    "Anxious Anna": (0.80, 0.40, 0.75, 0.40),
    "Loyal Linda": (0.90, 0.75, 0.95, 0.80),
}
APP_FACTOR = (1.0, 1.35, 1.0, 1.1)  # the app's one-tap payment keeps buyers
GAP_HOURS = (6.0, 20.0, 40.0, 240.0)  # typical time to the next stage
PARIS = dt.timezone(dt.timedelta(hours=1))
START = dt.datetime(2026, 1, 5, tzinfo=PARIS)


def rows(cases: int, seed: int = 13) -> Iterator[tuple[str, str, str, str, str]]:
    """The events of ``cases`` customers, case by case, in time order within a case."""
    rng = random.Random(seed)
    names = [p[0] for p in PERSONAS]
    weights = [p[1] for p in PERSONAS]
    app_share = {p[0]: p[2] for p in PERSONAS}
    stages = list(STAGES)
    width = len(str(cases))
    for number in range(1, cases + 1):
        case = f"C{number:0{width}d}"
        persona = rng.choices(names, weights)[0]
        channel = "Mobile app" if rng.random() < app_share[persona] else "Website"
        moment = START + dt.timedelta(minutes=rng.randrange(0, 90 * 24 * 60))
        events: list[tuple[dt.datetime, str]] = []
        for k, stage in enumerate(stages):
            if k:
                chance = min(
                    0.98,
                    GO_ON[persona][k - 1] * (APP_FACTOR[k - 1] if channel == "Mobile app" else 1),
                )
                if rng.random() > chance:
                    break
                if stage == "Compare" and persona == "Hurried Hugo" and rng.random() < 0.5:
                    continue  # skips comparing
                moment += dt.timedelta(hours=rng.expovariate(1 / GAP_HOURS[k - 1]))
            activities = STAGES[stage][channel]
            for _ in range(rng.choice((1, 1, 2, 3))):  # repeated events at a stage
                events.append((moment, rng.choice(activities)))
                if rng.random() < 0.1:  # a tie: two events at one time
                    events.append((moment, rng.choice(activities)))
                moment += dt.timedelta(minutes=rng.expovariate(1 / 12))
            if rng.random() < 0.08:
                events.append((moment, rng.choice(NOISE)))
            if stage == "Buy" and rng.random() < 0.05:  # a step back to compare again
                moment += dt.timedelta(minutes=5)
                events.append((moment, STAGES["Compare"][channel][0]))
        for when, activity in events:
            yield case, activity, when.isoformat(timespec="seconds"), channel, persona


def write(path: Path, cases: int, seed: int = 13) -> int:
    """Write the log (gzipped when the name ends in .gz); returns the number of events."""
    count = 0
    with path.open("wb") as out:
        # mtime 0 and no name in the gzip header: the same bytes on every run
        raw = (
            gzip.GzipFile(fileobj=out, mode="wb", mtime=0, filename="")
            if path.suffix == ".gz"
            else out
        )
        with raw, io.TextIOWrapper(raw, encoding="utf-8", newline="") as handle:
            writer = csv.writer(handle)
            writer.writerow(HEADER)
            for row in rows(cases, seed):
                writer.writerow(row)
                count += 1
    return count


def csv_bytes(cases: int, seed: int = 13) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(HEADER)
    writer.writerows(rows(cases, seed))
    return buffer.getvalue().encode()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--cases", type=int, default=8_000)
    parser.add_argument("--seed", type=int, default=13)
    parser.add_argument(
        "--out", type=Path, default=Path(__file__).parent / "ecommerce-events.csv.gz"
    )
    args = parser.parse_args()
    count = write(args.out, args.cases, args.seed)
    print(f"{args.out}: {count:,} events of {args.cases:,} cases")


if __name__ == "__main__":
    main()
