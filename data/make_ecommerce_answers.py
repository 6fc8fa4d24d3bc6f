"""Write ``data/ecommerce-answers.csv``: survey answers for the e-commerce sample journey.

Run from the repository root: ``python data/make_ecommerce_answers.py``.  The answers are drawn
from a fixed seed, so the committed file is reproducible byte for byte.

Each respondent is one of the sample's four personas and, over the two last quarters, rates a few
touchpoints they went through (the journey's front-stage touchpoints that exist today — not the
"missing" ones nor the back-office ones): a CSAT score (1–5) for the touchpoint and an NPS score
(0–10) given right after it.  A touchpoint's scores follow the workshop's qualification (an
irritant is rated lower than a delight), and each persona has its own pain points, so the measured
figures differ by persona the way the map says they should: Anxious Anna at the 3-D Secure check,
Hurried Hugo at delivery and on the hotline, Loyal Linda more forgiving everywhere.

Long form (one answer per row: date, persona, stage, touchpoint, channel, metric, score), as
cxmap's answers reader and the README's "Survey answers" describe it.
"""

from __future__ import annotations

import csv
import datetime as dt
import random
from pathlib import Path

SEED = 20260930
RESPONDENTS = 420
OUT = Path(__file__).with_name("ecommerce-answers.csv")

# (stage, touchpoint, channel, base CSAT mean on 1..5)
TOUCHPOINTS = [
    ("Discover", "Instagram sponsored post", "Social media", 3.6),
    ("Discover", "Influencer unboxing videos", "Social media", 4.2),
    ("Discover", "Search ad landing page", "Website", 2.8),
    ("Discover", "Newsletter sign-up pop-up", "Website", 3.3),
    ("Compare", "Product page with customer photos", "Website", 4.3),
    ("Compare", "Wishlist", "Mobile app", 2.9),
    ("Compare", "Pre-sale product advice line", "Customer service", 3.7),
    ("Buy", "Shipping costs revealed at last step", "Website", 2.3),
    ("Buy", "One-tap wallet payment", "Mobile app", 4.5),
    ("Buy", "Card payment 3-D Secure check", "Website", 2.9),
    ("Buy", "Order confirmation email", "Email & SMS", 3.9),
    ("Receive", "Delivery tracking SMS", "Email & SMS", 4.2),
    ("Receive", "Home delivery by carrier", "Carrier", 2.9),
    ("Receive", "Parcel locker pickup", "Carrier", 3.8),
    ("Stay loyal", "Self-service returns portal", "Website", 2.6),
    ("Stay loyal", "Customer service hotline", "Customer service", 2.5),
    ("Stay loyal", "Loyalty points wallet", "Mobile app", 4.1),
    ("Stay loyal", "Post-purchase review request", "Email & SMS", 3.4),
]
# persona -> (share of respondents, shift of every CSAT mean, touchpoint -> extra shift)
PERSONAS = {
    "Analytical Alex": (0.30, 0.0, {"Product page with customer photos": 0.3, "Wishlist": -0.4}),
    "Hurried Hugo": (
        0.30,
        -0.2,
        {
            "Home delivery by carrier": -0.8,
            "Customer service hotline": -0.7,
            "Shipping costs revealed at last step": -0.4,
        },
    ),
    "Anxious Anna": (
        0.20,
        -0.1,
        {
            "Card payment 3-D Secure check": -1.1,
            "Delivery tracking SMS": 0.4,
            "Self-service returns portal": -0.5,
        },
    ),
    "Loyal Linda": (0.20, 0.5, {"Loyalty points wallet": 0.4, "Customer service hotline": 0.3}),
}
FIRST_DAY = dt.date(2026, 4, 1)
DAYS = 183  # Q2 and Q3 2026


def clamp(value: float, low: int, high: int) -> int:
    return max(low, min(high, round(value)))


def main() -> None:
    rng = random.Random(SEED)
    names = list(PERSONAS)
    weights = [PERSONAS[p][0] for p in names]
    rows = []
    for _ in range(RESPONDENTS):
        persona = rng.choices(names, weights)[0]
        _share, shift, extra = PERSONAS[persona]
        day = FIRST_DAY + dt.timedelta(days=rng.randrange(DAYS))
        for stage, touchpoint, channel, mean in rng.sample(TOUCHPOINTS, rng.randint(2, 5)):
            expected = mean + shift + extra.get(touchpoint, 0.0)
            score = clamp(rng.gauss(expected, 0.9), 1, 5)
            # the likelihood to recommend follows the satisfaction, with its own noise
            nps = clamp(rng.gauss(2.2 * expected + 0.2, 1.6), 0, 10)
            for metric, value in (("CSAT", score), ("NPS", nps)):
                rows.append((day.isoformat(), persona, stage, touchpoint, channel, metric, value))
    rows.sort()
    with OUT.open("w", newline="", encoding="utf-8") as out:
        writer = csv.writer(out, lineterminator="\n")
        writer.writerow(["date", "persona", "stage", "touchpoint", "channel", "metric", "score"])
        writer.writerows(rows)
    print(f"{OUT.name}: {len(rows)} answers from {RESPONDENTS} respondents")


if __name__ == "__main__":
    main()
