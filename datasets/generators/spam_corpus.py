"""Generator for the spam corpus of module 08-capstone-spam.

A small company, Fernhill Analytics, pooled a few months of mail from sixteen staff
mailboxes (work and personal addresses) to train a spam filter. Three annotators
labeled the training pool, each with a habit of their own; the held-out test set was
labeled by a panel and checked twice. The mail is made up, but written to read like
real mail: 14 spam families and 14 ham families, each composed from many hand-written
building blocks (subjects, openings, bodies, calls to action, sign-offs, senders,
links written as text) with seeded randomness, so no family is one template with the
names swapped. The hard part is on purpose: real promotions, security notices,
invoices and delivery notices sit next to spam that imitates them.

Planted problems (ground truth in ``spam_emails_truth``, never in the learner's table):
label noise concentrated on the boundary families, three annotators with distinct
habits, exact duplicates and forwarded copies, empty bodies, and encoding damage
(mojibake and bodies left in base64). Every brand, person, domain, phone number and
link is fictional; the links are text, never fetched.

Nothing here is random at import time: ``generate()`` seeds its own generator.
"""

from __future__ import annotations

import base64
import math
import re
from typing import NamedTuple

import numpy as np
import pandas as pd

SEED = 8  # of seeds 1-15, the one closest to their average results (see the data card, "Calibration")
N_TRAIN_BASE = 720  # distinct emails in the labeled pool, half spam, half ham
N_TEST = 320  # clean held-out test set, half spam, half ham
N_EXACT_DUPLICATES = 24  # extra rows: the same message delivered twice
N_FORWARDED = 30  # extra rows: forwarded copies (Fwd:, a forward header, maybe a note)
N_EMPTY_BODY = 16  # bodies lost (empty or whitespace only)
N_MOJIBAKE = 22  # UTF-8 bodies decoded as Windows-1252
N_BASE64 = 8  # bodies left in base64 transfer encoding
TRAIN_START, TRAIN_END = "2025-01-06", "2025-06-27"
TEST_START, TEST_END = "2025-07-01", "2025-08-29"

DATASETS = {
    "spam_emails": {
        "module": "08-capstone-spam",
        "description": "About 800 emails labeled spam/ham by three annotators (labels as given, with their problems).",
        "card": "cards/spam_emails.md",
    },
    "spam_emails_test": {
        "module": "08-capstone-spam",
        "description": "320 held-out emails labeled by a review panel: a clean test set.",
        "card": "cards/spam_emails.md",
    },
    "spam_emails_truth": {
        "module": "08-capstone-spam",
        "description": "Ground truth for spam_emails: true label, family, boundary flag and planted problem per email.",
        "card": "cards/spam_emails.md",
    },
}


# --------------------------------------------------------------------------------------
# Randomness helpers
# --------------------------------------------------------------------------------------
class _R:
    """Small wrapper around a numpy Generator with the picks the templates need."""

    def __init__(self, rng: np.random.Generator):
        self.rng = rng

    def pick(self, seq):
        return seq[int(self.rng.integers(len(seq)))]

    def sample(self, seq, k):
        idx = self.rng.choice(len(seq), size=min(k, len(seq)), replace=False)
        return [seq[int(i)] for i in idx]

    def chance(self, p: float) -> bool:
        return bool(self.rng.random() < p)

    def int(self, lo: int, hi: int) -> int:
        return int(self.rng.integers(lo, hi + 1))

    def digits(self, n: int) -> str:
        return "".join(str(int(d)) for d in self.rng.integers(0, 10, n))

    def letters(self, n: int, upper: bool = True) -> str:
        alphabet = "ABCDEFGHJKLMNPQRSTUVWXYZ" if upper else "abcdefghijkmnpqrstuvwxyz"
        return "".join(alphabet[int(i)] for i in self.rng.integers(0, len(alphabet), n))

    def token(self, n: int) -> str:
        alphabet = "abcdefghijkmnpqrstuvwxyz23456789"
        return "".join(alphabet[int(i)] for i in self.rng.integers(0, len(alphabet), n))

    def money(self, lo: float, hi: float, step: float = 0.01) -> str:
        value = round(float(self.rng.uniform(lo, hi)) / step) * step
        return f"{value:,.2f}"


class _Slots(dict):
    def __missing__(self, key):  # a typo in a template fails loudly at generation time
        raise KeyError(f"template slot {{{key}}} has no value")


def fill(template: str, slots: dict) -> str:
    return template.format_map(_Slots(slots))


def compose(*parts: str) -> str:
    """Join the non-empty parts of a body with blank lines."""
    return "\n\n".join(part.strip("\n") for part in parts if part and part.strip())


class Email(NamedTuple):
    sender_name: str
    sender_address: str
    subject: str
    body: str


# --------------------------------------------------------------------------------------
# People, places and (fictional) organisations
# --------------------------------------------------------------------------------------
COMPANY = "Fernhill Analytics"
COMPANY_DOMAIN = "fernhill-analytics.com"
STAFF = [  # the sixteen mailboxes (first, last, personal address)
    ("Priya", "Natarajan", "priya.natarajan@orbitmail.com"),
    ("Tom", "Becker", "tombecker84@orbitmail.com"),
    ("Amélie", "Roux", "amelie.roux@postbox.net"),
    ("Kwame", "Mensah", "kmensah@orbitmail.com"),
    ("Sofia", "García", "sofia.garcia.m@postbox.net"),
    ("Jonas", "Lindqvist", "jonas.lindqvist@orbitmail.com"),
    ("Mei", "Chen", "meichen.home@postbox.net"),
    ("Oluwaseun", "Adeyemi", "seun.adeyemi@orbitmail.com"),
    ("Liam", "O'Connor", "liam.oconnor@postbox.net"),
    ("Hannah", "Schmidt", "hannah.schmidt77@orbitmail.com"),
    ("Diego", "Ramírez", "diego.ramirez@postbox.net"),
    ("Aisha", "Khan", "aisha.k@orbitmail.com"),
    ("Noah", "Williams", "noahwilliams@postbox.net"),
    ("Zoë", "Martin", "zoe.martin@orbitmail.com"),
    ("Ravi", "Patel", "ravi.patel.92@postbox.net"),
    ("Elena", "Petrova", "elena.petrova@orbitmail.com"),
]
FRIENDS = [
    ("Maya", "Brooks"),
    ("Sam", "Okafor"),
    ("Lucía", "Fernández"),
    ("Ben", "Hartley"),
    ("Ingrid", "Nilsen"),
    ("Carlos", "Mendes"),
    ("Yuki", "Tanaka"),
    ("Fatima", "Zahra"),
    ("Grace", "Liu"),
    ("Marco", "Bianchi"),
    ("Chloé", "Dubois"),
    ("Owen", "Price"),
]
FAMILY_WORDS = ["Mum", "Dad", "Grandma", "Auntie Rose", "Uncle Pete", "Nana"]
CITIES = [
    ("Lagos", "Nigeria"),
    ("São Paulo", "Brazil"),
    ("Kyiv", "Ukraine"),
    ("Jakarta", "Indonesia"),
    ("Hanoi", "Vietnam"),
    ("Bucharest", "Romania"),
    ("Manila", "Philippines"),
    ("Minsk", "Belarus"),
    ("Lima", "Peru"),
    ("Karachi", "Pakistan"),
    ("Amsterdam", "Netherlands"),
    ("Dallas", "United States"),
]
HOME_CITIES = ["Bristol", "Leeds", "Manchester", "Edinburgh", "Cardiff", "Brighton", "York", "Norwich"]
DEVICES = [
    "Windows PC",
    "Chrome on Windows",
    "iPhone",
    "Android phone",
    "Safari on Mac",
    "Linux desktop",
    "Firefox on Windows",
    "Samsung Galaxy",
    "iPad",
]
WEEKDAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]
MONTHS = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
]

# Account providers whose real notices the phishing imitates.
ACCOUNT_BRANDS = [
    {"name": "Orbit Mail", "domain": "orbitmail.com", "thing": "mailbox", "app": "the Orbit Mail app"},
    {"name": "Lumen Bank", "domain": "lumenbank.com", "thing": "online banking", "app": "the Lumen Bank app"},
    {"name": "Cirrus Drive", "domain": "cirrusdrive.com", "thing": "cloud storage", "app": "the Cirrus Drive app"},
    {"name": "Tandem Workspace", "domain": "tandem.work", "thing": "workspace", "app": "Tandem's desktop app"},
    {
        "name": "Harbor Credit Union",
        "domain": "harborcu.org",
        "thing": "member account",
        "app": "the Harbor mobile app",
    },
    {
        "name": "Kestrel Outfitters",
        "domain": "kestreloutfitters.com",
        "thing": "shop account",
        "app": "the Kestrel app",
    },
]
SHOPS = [
    {
        "name": "Kestrel Outfitters",
        "domain": "kestreloutfitters.com",
        "items": [
            "trail running shoes",
            "waterproof jacket",
            "merino base layer",
            "30 L daypack",
            "insulated bottle",
            "hiking socks (3-pack)",
        ],
    },
    {
        "name": "Bramble & Co",
        "domain": "brambleandco.com",
        "items": [
            "linen duvet cover",
            "ceramic mug set",
            "oak serving board",
            "wool throw",
            "scented candle",
            "table lamp",
        ],
    },
    {
        "name": "PixelPeak Electronics",
        "domain": "pixelpeak.com",
        "items": [
            "USB-C hub",
            "noise-cancelling headphones",
            "27-inch monitor",
            "mechanical keyboard",
            "wireless mouse",
            "laptop stand",
        ],
    },
    {
        "name": "Quire Books",
        "domain": "quirebooks.com",
        "items": [
            "Designing Data-Intensive Applications",
            "a box of fountain pen ink",
            "The Overstory",
            "a dotted notebook",
            "Thinking in Systems",
            "a reading light",
        ],
    },
    {
        "name": "Greenleaf Grocer",
        "domain": "greenleafgrocer.com",
        "items": [
            "weekly veg box",
            "sourdough loaf",
            "oat milk (6 x 1 L)",
            "coffee beans 1 kg",
            "olive oil 750 ml",
            "fruit box",
        ],
    },
    {
        "name": "Copperpot Kitchen",
        "domain": "copperpotkitchen.com",
        "items": [
            "cast-iron pan",
            "chef's knife",
            "stand mixer bowl",
            "silicone baking mats",
            "spice rack",
            "coffee grinder",
        ],
    },
]
CARRIERS = [
    {"name": "Packet Post", "domain": "packetpost.com", "prefix": "PP", "suffix": "GB"},
    {"name": "SwiftLane Couriers", "domain": "swiftlane.com", "prefix": "SL", "suffix": ""},
    {"name": "Parcelo", "domain": "parcelo.eu", "prefix": "PX", "suffix": "EU"},
]
BILLERS = [
    {
        "name": "Crestline Energy",
        "domain": "crestline-energy.com",
        "what": "energy",
        "unit": "kWh",
        "usage": (120, 480),
    },
    {"name": "Vela Mobile", "domain": "velamobile.com", "what": "mobile", "unit": "GB of data", "usage": (2, 60)},
    {
        "name": "Brightwire Broadband",
        "domain": "brightwire.net",
        "what": "broadband",
        "unit": "GB downloaded",
        "usage": (90, 900),
    },
    {
        "name": "Tandem Workspace",
        "domain": "tandem.work",
        "what": "workspace subscription",
        "unit": "seats",
        "usage": (3, 25),
    },
    {
        "name": "Cirrus Drive",
        "domain": "cirrusdrive.com",
        "what": "storage plan",
        "unit": "GB stored",
        "usage": (200, 1900),
    },
    {
        "name": "Clearwater Utilities",
        "domain": "clearwater-water.co.uk",
        "what": "water",
        "unit": "cubic metres",
        "usage": (8, 30),
    },
]
BANKS = [
    {"name": "Lumen Bank", "domain": "lumenbank.com"},
    {"name": "Harbor Credit Union", "domain": "harborcu.org"},
    {"name": "Northgate Bank", "domain": "northgatebank.com"},
]
NEWSLETTERS = [
    {"name": "The Data Digest", "domain": "datadigest.news", "from": "Hannah at The Data Digest"},
    {"name": "Maple Street Running Club", "domain": "maplestreetrc.org", "from": "Maple Street RC"},
    {"name": "Riverside City Library", "domain": "riversidelibrary.org", "from": "Riverside City Library"},
    {"name": "Weekend Kitchen", "domain": "weekendkitchen.co", "from": "Weekend Kitchen"},
    {"name": "Stack & Query Weekly", "domain": "stackandquery.dev", "from": "Stack & Query Weekly"},
    {"name": "The Allotment Letter", "domain": "allotmentletter.org", "from": "The Allotment Letter"},
]
AIRLINES = [
    ("Aurora Air", "auroraair.com", "AU", "flight"),
    ("Blue Heron Airways", "blueheron.aero", "BH", "flight"),
    ("RailConnect", "railconnect.eu", "RC", "train"),
]
HOTELS = [
    "Harbourside Hotel",
    "The Linden Rooms",
    "Casa Mirador",
    "Hotel Nordlys",
    "The Cobbler's Inn",
    "Albergo Sole",
    "Maison Verte",
]
DESTINATIONS = [
    "Lisbon",
    "Copenhagen",
    "Barcelona",
    "Dublin",
    "Edinburgh",
    "Porto",
    "Vienna",
    "Kraków",
    "Bologna",
    "Lyon",
]
COLLEAGUES = [
    ("Priya", "Natarajan"),
    ("Tom", "Becker"),
    ("Amélie", "Roux"),
    ("Kwame", "Mensah"),
    ("Sofia", "García"),
    ("Jonas", "Lindqvist"),
    ("Mei", "Chen"),
    ("Oluwaseun", "Adeyemi"),
    ("Liam", "O'Connor"),
    ("Hannah", "Schmidt"),
    ("Diego", "Ramírez"),
    ("Aisha", "Khan"),
    ("Noah", "Williams"),
    ("Zoë", "Martin"),
    ("Ravi", "Patel"),
    ("Elena", "Petrova"),
    ("Gareth", "Evans"),
    ("Nadia", "Haddad"),
]
PROJECTS = [
    "the churn model",
    "the Q2 forecast",
    "the Helios dashboard",
    "the customer survey analysis",
    "the pricing experiment",
    "the data warehouse migration",
    "the Brightwell client report",
    "the anomaly detection pilot",
    "the onboarding funnel study",
    "the ETL rewrite",
]
CLIENTS = ["Brightwell Retail", "Northgate Bank", "Oakridge Health", "Cobalt Logistics", "Marlow Insurance"]

SPAM_TLDS = [".top", ".xyz", ".info", ".online", ".site", ".biz", ".click", ".live", ".icu", ".shop"]
GENERIC_SPAM_DOMAINS = [
    "mega-deal-zone.biz",
    "best-offers-now.top",
    "shop-discount-outlet.xyz",
    "promo-mailer-24.com",
    "global-savings-club.info",
    "dailydeals-hub.online",
    "mailer.prime-offers.site",
    "news.super-bargain.live",
]


def _first_last(r: _R, people=None):
    first, last = r.pick(people or FRIENDS)
    return first, last


def _plain(name: str) -> str:
    """A name as it appears in an email address (lower case, no accents or apostrophes)."""
    table = str.maketrans("éëèíáóúçñ", "eeeiaoucn", "' ")
    return name.lower().translate(table)


def _addr(first: str, last: str, domain: str, r: _R) -> str:
    style = r.pick(["{f}.{l}", "{f}{l}", "{f0}{l}", "{f}_{l}", "{f}.{l}{n}"])
    return style.format(f=_plain(first), l=_plain(last), f0=_plain(first)[0], n=r.int(1, 99)) + "@" + domain


def _lookalike(r: _R, brand: dict) -> str:
    """A domain that imitates ``brand['domain']`` (typo-squat, extra words, or a cheap TLD)."""
    stem = brand["domain"].split(".")[0]
    words = ["secure", "verify", "account", "login", "support", "update", "id", "auth", "help", "service"]
    swaps = {"l": "1", "o": "0", "i": "1", "m": "rn", "e": "3"}
    choice = r.int(0, 5)
    if choice == 0:
        positions = [i for i, ch in enumerate(stem) if ch in swaps]
        if positions:
            i = r.pick(positions)
            stem = stem[:i] + swaps[stem[i]] + stem[i + 1 :]
        return stem + ".com"
    if choice == 1:
        return f"{stem}-{r.pick(words)}{r.pick(['.com', '.net'] + SPAM_TLDS)}"
    if choice == 2:
        return f"{r.pick(words)}-{stem}.com"
    if choice == 3:
        return f"{stem}.{r.pick(words)}-{r.pick(words)}{r.pick(SPAM_TLDS)}"
    if choice == 4:
        return f"{stem}-{r.pick(words)}-{r.pick(words)}.com"
    return f"{r.pick(words)}.{stem}-{r.pick(['portal', 'online', 'center', 'hub'])}{r.pick(SPAM_TLDS)}"


def _link(r: _R, domain: str, paths, scheme_p: float = 0.6) -> str:
    path = fill(r.pick(paths), {"id": r.token(8), "n": r.digits(6)})
    scheme = r.pick(["https://", "http://"]) if r.chance(scheme_p) else ""
    return f"{scheme}{domain}/{path}"


def _date_words(date: pd.Timestamp, days: int) -> str:
    day = date + pd.Timedelta(days=days)
    return f"{WEEKDAYS[day.day_of_week]} {day.day} {MONTHS[day.month - 1]}"


def _typographic(text: str) -> str:
    """What a mail client with smart punctuation does: curly apostrophes and quotes, en dashes."""
    text = re.sub(r"(\w)'(\w)", "\\1\u2019\\2", text)
    text = re.sub(r'"([^"\n]+)"', "\u201c\\1\u201d", text)
    return text.replace(" - ", " \u2013 ")


GREET_NAME = [
    "Hi {first},",
    "Hello {first},",
    "Dear {first},",
    "Hi {first}!",
    "{first},",
    "Hey {first},",
    "Good morning {first},",
]
GREET_FORMAL = ["Dear {first} {last},", "Dear {first},", "Hello {first},", "Hi {first},"]
GREET_GENERIC = [
    "Dear Customer,",
    "Dear user,",
    "Dear Sir/Madam,",
    "Hello,",
    "Dear Valued Member,",
    "Greetings,",
    "Dear {email},",
    "Dear Account Holder,",
    "Attention!",
    "Dear Client,",
]


# --------------------------------------------------------------------------------------
# Blocks shared across a boundary: the real notices, and the spam that copies them
# --------------------------------------------------------------------------------------
SIGNIN_OPENINGS = [
    "We noticed a new sign-in to your {brand} account on a {device} near {city}, {country}.",
    "Your {brand} account was just used to sign in on a {device}.",
    "Someone signed in to your {brand} account from a device we don't recognise ({device}, {city}).",
    "A new device was added to your {brand} account on {when}.",
    "We blocked a sign-in attempt to your {brand} account from {city}, {country}.",
    "Your {brand} {thing} was accessed from a new location: {city}, {country}.",
]
SIGNIN_DETAILS = [
    "Device: {device}\nLocation: {city}, {country} (approximate)\nTime: {when}, {hour}:{minute} UTC",
    "When: {when} at {hour}:{minute}\nWhere: {city}, {country}\nDevice: {device}",
    "Sign-in details\n- Device: {device}\n- Approximate location: {city}, {country}\n- Date: {when}",
]
REAL_SIGNIN_ADVICE = [
    "If this was you, there's nothing you need to do.",
    "If this was you, you can ignore this message.",
    "If you recognise this activity, no action is needed.",
]
REAL_SIGNIN_HELP = [
    "If it wasn't you, open {app} and go to Settings > Security to review your devices and change your password.",
    "If you don't recognise it, change your password from Settings > Security in {app}. We will never ask you for your password by email.",
    "Not you? Sign in the way you normally do (type {domain} yourself or use {app}) and review recent activity.",
    "If this wasn't you, review your account activity at {domain}/security. You can also call the number on the back of your card.",
]
PHISH_SIGNIN_HELP = [
    "If this wasn't you, secure your account now: {link}",
    "Not you? Verify your identity within 24 hours or your account will be locked: {link}",
    "If you did not authorise this, confirm your details here to cancel the sign-in: {link}",
    "To keep your account safe, please re-validate your login at {link} before {deadline}.",
    "If this was not you, click below to block the device and restore full access:\n{link}",
]
SHIP_PROGRESS = [
    "Your parcel {tracking} is on its way.",
    "Good news: your parcel {tracking} has left our depot in {hub}.",
    "Your parcel {tracking} is out for delivery today.",
    "We tried to deliver your parcel {tracking} today, but nobody was home.",
    "Your parcel {tracking} is being held at our {hub} depot.",
]
REAL_SHIP_DETAIL = [
    "Estimated delivery: {eta}, between {slot}.",
    "Expected: {eta}. You'll get a one-hour window on the morning of delivery.",
    "We'll try again on {eta}. No need to do anything: if you're out again, we'll leave a card with the nearest pick-up point.",
    "It can be collected from {pickup} from {eta}. Please bring photo ID and this code: {code}.",
    "Your driver is {driver}. Estimated arrival {slot}.",
]
REAL_SHIP_HELP = [
    "You can change the delivery day or choose a safe place in the {carrier} app or at {domain}/manage.",
    "Track it any time at {domain}/track with the number above.",
    "Want it somewhere else? Choose a neighbour or a pick-up point at {domain}/delivery-options.",
    "Questions? Our help centre is at {domain}/help.",
]
FAKE_SHIP_DETAIL = [
    "The delivery could not be completed because the address is incomplete.",
    "Your parcel is on hold because an import duty of {fee} has not been paid.",
    "A redelivery fee of {fee} is required before we can book a new delivery slot.",
    "Our driver could not access the address provided. Your parcel will be returned to the sender in 48 hours.",
    "Due to unpaid shipping costs ({fee}) your package has been placed in storage.",
]
FAKE_SHIP_ACTION = [
    "To reschedule, confirm your address and pay the fee here: {link}",
    "Please pay the outstanding amount within 48 hours: {link}",
    "Book a new delivery date now: {link}\n(card payment of {fee} required)",
    "Confirm your details to release your parcel: {link}",
    "Click here to choose a new delivery date: {link}",
]
INVOICE_LINES = [
    "Invoice number: {inv}\nAmount due: {cur}{amount}\nDue date: {due}",
    "Invoice {inv} - {cur}{amount} - due {due}",
    "Amount: {cur}{amount}\nReference: {inv}\nPayment due by {due}",
]
PROMO_HOOKS = [
    "Up to {pct}% off {category} this weekend only.",
    "Our {season} sale starts now: {pct}% off {category}.",
    "Take an extra {pct}% off {category} with code {code}.",
    "Free delivery on everything, today only.",
    "Just landed: new {category}, and members get {pct}% off.",
    "Last chance: {pct}% off {category} ends at midnight.",
]
PROMO_CATEGORIES = [
    "running shoes",
    "outerwear",
    "homeware",
    "headphones",
    "bedding",
    "kitchen tools",
    "bestselling books",
    "everything in store",
    "accessories",
    "laptops and monitors",
]
SEASONS = ["spring", "summer", "mid-season", "end of season", "bank holiday", "anniversary"]

SIGNIN_SUBJECTS = [
    "New sign-in to your {brand} account",
    "Security alert: new device",
    "Did you just sign in from {city}?",
    "{brand}: new sign-in detected",
    "A new device was added to your account",
    "Sign-in from a new device",
    "Review recent activity on your account",
    "Was this you?",
]
SIGNIN_HELP_LINK = [
    "If this wasn't you, review your account activity at {secure_link}.",
    "Not you? Change your password at {secure_link} and sign out of your other devices.",
    "If you don't recognise this, secure your account: {secure_link}",
    "Don't recognise this device? Review it here: {secure_link}",
]
SECURITY_SIGNOFFS = [
    "Thanks,\nThe {brand} Security Team",
    "The {brand} Accounts team",
    "Regards,\n{brand} Security",
    "Stay safe,\n{brand}",
]
RESET_SUBJECTS = [
    "Reset your {brand} password",
    "Here's the link you asked for",
    "{brand} password reset",
    "Password reset request",
    "Your password reset link",
]
RESET_LINK_BODIES = [
    "We received a request to reset the password for your {brand} account ({email}). Use the link below to choose a new one:\n{reset_link}",
    "Someone (hopefully you) asked to reset your {brand} password. This link works for {minutes} minutes:\n{reset_link}",
    "To finish resetting your password, open this link on the same device:\n{reset_link}",
]
RESET_IGNORE = [
    "If you didn't request this, you can ignore this email; your password won't change.",
    "If this wasn't you, open {app} and go to Settings > Security, or contact us at {domain}/help.",
    "Didn't ask for this? Nothing will happen unless you use the link. We'll never ask for your password by email.",
]
BILL_SUBJECTS = [
    "Your {biller} bill is ready",
    "Invoice {inv} from {biller}",
    "{biller}: your bill for {month}",
    "Your {what} invoice",
    "{month} invoice available",
]
BILL_OVERDUE_SUBJECTS = [
    "Reminder: your {biller} bill is overdue",
    "Payment overdue: {inv}",
    "Your payment didn't go through",
    "Action needed: update your payment details",
]
BILL_OPENINGS = [
    "Your {what} bill for {month} is ready.",
    "Here is your invoice for {month}.",
    "Your latest invoice is now available in your account.",
]
BILL_OVERDUE_OPENINGS = [
    "We haven't received your payment for {month}. Please pay by {due} to avoid a late payment fee of {cur}{fee}.",
    "We tried to collect your payment but your card was declined. Please update your payment details so your service isn't interrupted.",
    "Your bill for {month} is now overdue.",
]
BILL_USAGE_LINES = "Account number: {account}\nBilling period: {month}\nUsage: {usage} {unit}\nTotal: {cur}{amount}"
BILL_PAY_LINK = [
    "View and pay your bill: {pay_link}",
    "You can pay in your account: {pay_link}",
    "See your bill: {pay_link}",
]
BILL_OVERDUE_PAY_LINK = ["Pay online: {pay_link}", "Update your payment details at {pay_link}", "Pay now: {pay_link}"]


def _bill_with_link(r: _R) -> tuple[str, str]:
    """Subject and body of a bill with a payment link: a real one, or the fraud that copies it."""
    if r.chance(0.5):
        subject, opening, link = (
            r.pick(BILL_OVERDUE_SUBJECTS),
            r.pick(BILL_OVERDUE_OPENINGS),
            r.pick(BILL_OVERDUE_PAY_LINK),
        )
    else:
        subject, opening, link = r.pick(BILL_SUBJECTS), r.pick(BILL_OPENINGS), r.pick(BILL_PAY_LINK)
    body = compose(
        r.pick(GREET_FORMAL + ["Hello,"]),
        opening,
        r.pick(INVOICE_LINES + [BILL_USAGE_LINES]),
        link,
        r.pick(["Thanks for being a {biller} customer.", "Kind regards,\n{biller} Billing", "{biller}"]),
    )
    return subject, body


CHARGES_SUBJECTS = [
    "Import charges to pay for {tracking}",
    "Your parcel is waiting: charges due",
    "{carrier}: fee to pay",
    "Action needed: pay import charges",
    "Your parcel from {shop} needs a payment",
]
CHARGES_OPENINGS = [
    "Your parcel {tracking} from {shop} is being held because import charges of {fee} are due.",
    "Before we can deliver your parcel {tracking}, import VAT and a handling fee of {fee} need to be paid.",
    "Your parcel {tracking} has arrived in the country. Customs charges of {fee} are due before delivery.",
]
CHARGES_PAY = [
    "Please pay the charges so we can deliver it: {pay_link}",
    "Pay the {fee} here: {pay_link}",
    "You can pay online at {pay_link}; you'll need the tracking number above.",
]
CHARGES_AFTER = [
    "If the charges aren't paid within {days} days, the parcel will be returned to the sender.",
    "Once you've paid, we'll deliver it within two working days.",
    "We'll keep your parcel for {days} days.",
]
UNKNOWN_STORES = [
    ("Northbay Outlet", "northbay-outlet.com"),
    ("Urban Threads", "urbanthreads-store.com"),
    ("Velvet & Vine", "velvetandvine.shop"),
    ("Hollis Home", "hollishome-uk.com"),
    ("Lumo Gadgets", "lumogadgets.store"),
    ("Peak Style Co", "peakstyleco.net"),
    ("Marigold Market", "marigold-market.com"),
    ("Cobalt Active", "cobaltactive-store.com"),
]
PROMO_SUBJECTS = [
    "{season} sale: up to {pct}% off",
    "{first}, your member-only offer inside",
    "Last day: free delivery",
    "New arrivals you might like",
    "Your birthday treat: {pct}% off",
    "Still thinking about the {item}?",
    "Ends {ends}: {pct}% off {category}",
    "Our biggest sale of the year",
    "🎉 {pct}% off, just for members",
    "Don't miss out: {pct}% off ends soon",
]
PROMO_LOUD = [
    "🔥 FLASH SALE: {pct}% OFF EVERYTHING. TODAY ONLY!",
    "LAST CHANCE!!! {pct}% off {category} ends at midnight.",
    "HUGE SAVINGS: up to {pct}% off, while stocks last. Don't miss out!",
    "FREE delivery + {pct}% OFF. Hurry, limited stock!",
]
PROMO_MIDDLE = [
    "Because you bought the {item}, we thought you'd like these.",
    "Members get early access until {ends}.",
    "You have {points} points on your account, worth money off your next order.",
    "Free returns, as always, within 30 days.",
    "Our most popular {category} are back in stock.",
]
PROMO_CTA = [
    "Shop the sale: {domain}/sale",
    "See what's new: {domain}/new",
    "Use code {code} at checkout on {domain}.",
    "Browse {category} at {domain}",
    "Your offer is already applied when you sign in at {domain}.",
]
PROMO_FOOTERS = [
    "You're receiving this because you have an account with {shop}. Manage your email preferences at {domain}/account/preferences.",
    "Sent to {email} because you signed up for {shop} emails. Unsubscribe at {domain}/unsubscribe.",
    "{shop}, 12 Market Lane, Bristol BS1 4DJ. Unsubscribe any time in your account settings.",
]
POINTS_SUBJECTS = [
    "You have {points} points to spend",
    "Your points expire on {ends}",
    "{first}, your rewards are waiting",
    "Your {value} reward is ready",
]
POINTS_BODIES = [
    "You have {points} points on your {shop} account. That's {value} off your next order.",
    "Your {points} points expire on {ends}. Use them before they go: they're worth {value}.",
    "Good news: you've earned a {value} reward. It's waiting in your account.",
]
NEWSLETTER_TOPICS = {
    "The Data Digest": [
        "why your A/B test is lying",
        "a gentle guide to calibration",
        "five SQL window functions",
        "label noise in the wild",
        "the state of open datasets",
        "feature stores, explained",
    ],
    "Maple Street Running Club": [
        "Sunday long run route",
        "parkrun volunteers needed",
        "spring 10K results",
        "track session changes",
        "club kit order",
        "the summer relay",
    ],
    "Riverside City Library": [
        "new arrivals",
        "children's summer reading challenge",
        "free coding workshop",
        "extended opening hours",
        "author talk on Thursday",
        "the book sale",
    ],
    "Weekend Kitchen": [
        "five one-pan dinners",
        "the perfect focaccia",
        "what to cook with spring greens",
        "batch cooking for busy weeks",
        "three no-bake desserts",
        "a better tomato salad",
    ],
    "Stack & Query Weekly": [
        "Python 3.14 is out",
        "a tour of DuckDB",
        "testing data pipelines",
        "the cost of flaky tests",
        "reading other people's code",
        "when to use Polars",
    ],
    "The Allotment Letter": [
        "sowing in May",
        "dealing with slugs kindly",
        "the seed swap",
        "compost myths",
        "watering in a heatwave",
        "saving tomato seeds",
    ],
}


# --------------------------------------------------------------------------------------
# Spam families
# --------------------------------------------------------------------------------------
def spam_phishing_credentials(r: _R, c: dict) -> Email:
    """Credential phishing that imitates security notices, password resets and quota warnings.

    Subtle ones copy a real notice word for word; only the sender's domain and the link differ.
    """
    brand = r.pick(ACCOUNT_BRANDS)
    fake = _lookalike(r, brand)
    city, country = r.pick(CITIES)
    link = _link(
        r,
        fake,
        [
            "login",
            "verify?id={id}",
            "account/secure",
            "auth/confirm/{id}",
            "signin.php?session={id}",
            "update-info",
            "wp-content/secure/{id}/index.html",
        ],
    )
    s = dict(
        c,
        brand=brand["name"],
        domain=brand["domain"],
        thing=brand["thing"],
        app=brand["app"],
        city=city,
        country=country,
        device=r.pick(DEVICES),
        when=_date_words(c["date"], -r.int(0, 1)),
        hour=f"{r.int(0, 23):02d}",
        minute=f"{r.int(0, 59):02d}",
        link=link,
        secure_link=_link(r, fake, ["security", "account/security", "security/review?id={id}", "activity"], 0.9),
        reset_link=f"{r.pick(['https://', 'http://'])}{fake}/{r.pick(['reset?token=', 'password/reset/'])}{r.token(16)}",
        deadline=r.pick(["midnight tonight", "the end of the day", "24 hours", _date_words(c["date"], 1)]),
        pct=r.int(91, 99),
        minutes=r.pick(["15", "30", "60"]),
        quota=r.pick(["4.9 GB of 5 GB", "14.8 GB of 15 GB", "99.2%", "98%"]),
    )
    if c["subtle"]:
        if r.chance(0.65):  # the twin of a real sign-in alert
            subject = r.pick(SIGNIN_SUBJECTS)
            body = compose(
                r.pick(GREET_NAME[:3] + ["Hello,"]),
                r.pick(SIGNIN_OPENINGS),
                r.pick(SIGNIN_DETAILS),
                r.pick(REAL_SIGNIN_ADVICE),
                r.pick(SIGNIN_HELP_LINK),
                r.pick(SECURITY_SIGNOFFS),
            )
        else:  # the twin of a password-reset email, for a reset nobody asked for
            subject = r.pick(RESET_SUBJECTS)
            body = compose(
                r.pick(GREET_NAME[:3] + ["Hello,"]),
                r.pick(RESET_LINK_BODIES),
                r.pick(RESET_IGNORE),
                r.pick(["Thanks,\nThe {brand} team", "{brand} Accounts", "{brand}"]),
            )
        sender = (
            r.pick(["{brand}", "{brand} Security", "{brand} Accounts"]),
            r.pick(["no-reply", "security", "alerts", "account-security"]) + "@" + fake,
        )
    else:
        kind = r.int(0, 3)
        if kind == 0:
            subject = r.pick(
                [
                    "Action required: verify your {brand} account",
                    "Your account will be suspended",
                    "Unusual sign-in activity detected",
                    "[{brand}] Confirm your identity",
                    "Final notice: account verification pending",
                    "We've locked your account for your protection",
                    "Your {brand} access has been limited",
                ]
            )
            opening = r.pick(
                [
                    "Your {brand} account has been temporarily limited because we could not verify your information.",
                    "We detected suspicious activity on your {brand} account and have restricted some features.",
                    "During a routine security check we were unable to confirm your account details.",
                    "Your {brand} account has been flagged for unusual login attempts from {city}, {country}.",
                ]
            )
        elif kind == 1:
            subject = r.pick(
                [
                    "Mailbox storage limit reached ({quota})",
                    "Your mailbox is full: messages on hold",
                    "Quota warning: {quota} used",
                    "IT notice: upgrade your mailbox storage",
                    "Incoming messages suspended",
                ]
            )
            opening = r.pick(
                [
                    "Your mailbox has reached {quota} of its storage limit. {pct} incoming messages are on hold and will be deleted.",
                    "Our records show your {thing} is over quota. You will not be able to send or receive new messages.",
                    "The IT department is upgrading all mailboxes. Accounts that are not validated will be deactivated.",
                ]
            )
        elif kind == 2:
            subject = r.pick(
                [
                    "Your password expires today",
                    "Password expiry notice",
                    "Keep your current password",
                    "Re: Password reset request",
                    "Your password will expire in 24 hours",
                ]
            )
            opening = r.pick(
                [
                    "The password for {email} is set to expire today.",
                    "Your password expires in less than 24 hours. After that you will be logged out of all devices.",
                    "We received a request to reset your password. If you did not make this request, cancel it immediately.",
                ]
            )
        else:
            subject = r.pick(
                [
                    "Important security update for all {brand} users",
                    "Re-confirm your login details",
                    "Security upgrade: action needed",
                    "Your {brand} profile is incomplete",
                ]
            )
            opening = r.pick(
                [
                    "As part of our security upgrade, all users must re-confirm their login details.",
                    "We are updating our systems and need you to confirm your account information.",
                    "Due to new regulations, we must verify the identity of every account holder.",
                ]
            )
        threat = r.pick(
            [
                "Failure to do so will result in permanent suspension of your account.",
                "Accounts that are not verified within 24 hours will be closed and all data deleted.",
                "If you do not act, you will lose access to your {thing}.",
                "This is your final reminder.",
                "",
            ]
        )
        action = r.pick(
            [
                "Verify your account here: {link}",
                "Click here to keep your current password: {link}",
                "Log in using the secure link below to restore access:\n{link}",
                "Confirm your login and card details at {link}",
                "Validate your account now >> {link}",
                "UPGRADE NOW: {link}",
            ]
            + PHISH_SIGNIN_HELP
        )
        body = compose(
            r.pick(GREET_GENERIC + GREET_NAME[:2]),
            opening,
            action,
            threat,
            r.pick(
                [
                    "Thank you,\n{brand} Security Team",
                    "Regards,\nIT Service Desk",
                    "Sincerely,\nAccount Protection Department",
                    "{brand} Support",
                    "© 2025 {brand}. All rights reserved.",
                    "Thanks for your cooperation.",
                ]
            ),
        )
        sender = (
            r.pick(
                ["{brand}", "{brand} Support", "Account Team", "IT Helpdesk", "Security Center", "Mail Administrator"]
            ),
            r.pick(["no-reply", "support", "admin", "security", "service", "helpdesk"])
            + "@"
            + r.pick([fake, fake, f"{COMPANY_DOMAIN.split('.')[0]}-it{r.pick(SPAM_TLDS)}"]),
        )
    return Email(fill(sender[0], s), fill(sender[1], s), fill(subject, s), fill(body, s))


def spam_prize_lottery(r: _R, c: dict) -> Email:
    cur = r.pick(["$", "€", "£"])
    lottery = r.pick(
        [
            "Euro Millions Intl",
            "Global Lotto Board",
            "UK National E-Draw",
            "WorldWide Promo Award",
            "Global Online Sweepstake",
            "International Email Lottery",
        ]
    )
    agent_first, agent_last = r.pick(
        [
            ("James", "Wilson"),
            ("Maria", "Lopez"),
            ("Peter", "Van Dijk"),
            ("Anthony", "Clarke"),
            ("Grace", "Mbeki"),
            ("Robert", "Hughes"),
        ]
    )
    s = dict(
        c,
        cur=cur,
        big=f"{r.int(5, 95) * 10000 + r.int(0, 9) * 1000:,}",
        lottery=lottery,
        ref=f"{r.letters(3)}/{r.digits(4)}/{r.digits(2)}",
        batch=r.digits(6),
        agent=f"{agent_first} {agent_last}",
        fee=r.money(95, 480, 5),
        link=_link(
            r,
            r.pick(["claims-centre-intl", "prize-release-office", "lotto-awards-board"]) + r.pick(SPAM_TLDS),
            ["claim?ref={id}", "winners/{n}", "form.html"],
        ),
    )
    subject = r.pick(
        [
            "Congratulations! You have won {cur}{big}",
            "WINNER NOTIFICATION - ref {ref}",
            "Your email address has been selected",
            "Final reminder: unclaimed prize {ref}",
            "Official award letter from {lottery}",
            "You are our lucky winner!!!",
            "Prize release: contact your claims agent",
            "RE: your winning ticket {batch}",
        ]
    )
    opening = r.pick(
        [
            "We are pleased to inform you that your email address has won {cur}{big} in the {lottery} draw held on {when}.",
            "Your email address was one of five selected from over 250,000 addresses in our annual online promotion.",
            "This is to notify you that you have been awarded the sum of {cur}{big} (lump sum pay out).",
            "CONGRATULATIONS!!! Your ticket number {batch} drew the lucky numbers in the {lottery} promotion.",
            "We write to confirm that you are one of the beneficiaries of the {lottery} cash grant programme for 2025.",
            "Your name appeared on the list of unclaimed winners from the last {lottery} online draw.",
            "After several unsuccessful attempts to reach you, this is our final notice regarding your prize of {cur}{big}.",
        ]
    )
    middle = r.pick(
        [
            "Winnings are paid to email users drawn at random by our computer ballot system. No ticket was needed.",
            "Due to a mix-up of some numbers, we ask that you keep this award confidential until your claim is processed.",
            "Your reference number is {ref} and your batch number is {batch}. Quote them in all correspondence.",
            "The prize is insured and will be released to you within 5 working days once your claim is verified.",
            "Winners outside the prize country receive their funds through our accredited payment partner.",
            "Note that all winnings must be claimed within 14 days of this notification.",
        ]
    )
    action = r.pick(
        [
            "To claim, send your full name, address, phone number, age and a copy of your ID to our claims agent, {agent}.",
            "Contact our claims agent {agent} now to begin processing. A release fee of {cur}{fee} covers insurance and transfer charges.",
            "Fill in the claim form at {link} within 7 days or the prize will be returned to the treasury.",
            "Reply with your bank details so the funds can be transferred. A small processing fee of {cur}{fee} applies.",
        ]
    )
    sign = r.pick(
        [
            "Yours faithfully,\n{agent}\nClaims Department, {lottery}",
            "Congratulations once again!\nPromotions Manager",
            "Best regards,\nDr. {agent}\nLottery Coordinator",
        ]
    )
    body = compose(r.pick(GREET_GENERIC), opening, middle, action, sign)
    s["when"] = _date_words(c["date"], -r.int(3, 20))
    sender = (
        r.pick(["Claims Department", "{lottery}", "Prize Desk", "{agent}", "Award Notification"]),
        r.pick(["claims", "awards", "info", "winners", "notification"])
        + "@"
        + r.pick(
            [
                "intl-lotto-board.org",
                "euro-award-desk.com",
                "prize-notification.info",
                "lottoclaims-center.net",
                "mail.awardoffice" + r.pick(SPAM_TLDS),
            ]
        ),
    )
    return Email(fill(sender[0], s), fill(sender[1], s), fill(subject, s), fill(body, s))


def spam_crypto_investment(r: _R, c: dict) -> Email:
    coin = r.pick(["Bitcoin", "BTC", "Ethereum", "$NOVA", "QuantumCoin", "the new AI token"])
    name = r.pick(["Quantum Profit AI", "BitYield Pro", "CryptoEdge Signals", "NovaTrade Bot", "Apex Coin Capital"])
    s = dict(
        c,
        coin=coin,
        name=name,
        start=r.pick(["250", "300", "500", "199"]),
        end=f"{r.int(4, 19)},{r.int(100, 999)}",
        pct=r.int(87, 99),
        days=r.pick(["7", "14", "30"]),
        btc=f"0.{r.int(11, 89)}",
        first_name=r.pick(["Mark", "Julia", "Steve", "Anna", "Kevin", "Linda"]),
        link=_link(
            r,
            r.pick(["quantum-profit-ai", "bityield-pro", "crypto-edge-signals", "nova-trade", "apexcoin-capital"])
            + r.pick([".io", ".net"] + SPAM_TLDS),
            ["join", "start?ref={id}", "register", "vip/{id}"],
        ),
    )
    subject = r.pick(
        [
            "Turn ${start} into ${end} in {days} days",
            "The {coin} opportunity banks don't want you to know",
            "Your wallet received {btc} BTC: confirm to withdraw",
            "AI trading bot: {pct}% win rate",
            "Last chance: {coin} presale closes tonight",
            "{first_name} made ${end} last week. You're next",
            "Re: your investment account is ready",
            "Passive income with {name}",
        ]
    )
    opening = r.pick(
        [
            "I never believed in crypto until {name} turned my ${start} into ${end} in just {days} days.",
            "Our AI-powered algorithm trades {coin} 24/7 with a {pct}% success rate.",
            "A deposit of {btc} BTC is waiting in your account. To withdraw it, you must activate your wallet.",
            "The {coin} presale is almost sold out and early investors are already up 800%.",
            "Financial experts are calling it the biggest opportunity since Bitcoin in 2011.",
            "You were recommended by a member of our private trading group. Your account is ready and pre-funded with $250.",
            "The same trading strategy used by top celebrities is now open to the public, but only until Friday.",
        ]
    )
    middle = r.pick(
        [
            "No experience needed. The software does everything for you, and returns are guaranteed.",
            "Only 50 spots left for new members in your country. Minimum deposit ${start}.",
            "Withdraw your profits any time. Thousands of people like you are already earning $1,000+ a day.",
            "Your personal account manager will call you within 24 hours to set up your portfolio.",
            "This is NOT a get-rich-quick scheme. It is a proven system used by hedge funds.",
        ]
    )
    action = r.pick(
        [
            "Start now: {link}",
            "Claim your spot >> {link}",
            "Activate your wallet here: {link}",
            "Register free at {link} before the offer expires.",
            "Watch the video and join: {link}",
        ]
    )
    body = compose(
        r.pick(GREET_GENERIC + ["Hi there,", "Hey friend,", "Hi {first},"]),
        opening,
        middle,
        action,
        r.pick(
            [
                "To your success,\n{first_name}",
                "The {name} team",
                "Regards,\nInvestor Relations",
                "Risk disclaimer: trading involves risk. Past results are no guarantee.",
                "",
            ]
        ),
    )
    sender = (
        r.pick(["{name}", "{first_name} from {name}", "Crypto Insider", "Investor Alert", "Wallet Service"]),
        r.pick(["info", "vip", "alerts", "team", "wallet"])
        + "@"
        + r.pick(
            [
                "profit-signals.net",
                "cryptoinsider-daily.com",
                "wallet-notice" + r.pick(SPAM_TLDS),
                "apex-coin.io",
                "trade-ai-news.com",
            ]
        ),
    )
    return Email(fill(sender[0], s), fill(sender[1], s), fill(subject, s), fill(body, s))


def spam_pharmacy(r: _R, c: dict) -> Email:
    drug = r.pick(
        [
            "V1agra",
            "Cialis",
            "Tramad0l",
            "Xanax",
            "Phentermine",
            "generic Ozempic",
            "Valium",
            "weight-loss pills",
            "sleeping pills",
            "Modafinil",
        ]
    )
    s = dict(
        c,
        drug=drug,
        pct=r.int(60, 90),
        price=r.money(0.49, 2.99),
        pills=r.pick(["30", "60", "90", "120"]),
        link=_link(
            r,
            r.pick(
                ["rx-pharma-direct", "canadian-meds-online", "cheap-pills-store", "med-express-rx", "healthy-man-shop"]
            )
            + r.pick([".com", ".net"] + SPAM_TLDS),
            ["shop", "order?p={id}", "products/{n}", "?ref={id}"],
        ),
    )
    subject = r.pick(
        [
            "Save {pct}% on {drug}",
            "{drug} from ${price} per pill",
            "No prescription needed",
            "Discreet shipping worldwide",
            "Your order of {drug} is ready?",
            "Lose 12 kg in 3 weeks",
            "Men's health: best prices online",
            "Re: refill {drug}",
        ]
    )
    opening = r.pick(
        [
            "Buy {drug} online without a prescription at the lowest prices on the internet.",
            "Our licensed online pharmacy ships {drug} worldwide in discreet packaging.",
            "Why pay more at your local pharmacy? Get {pills} pills of {drug} for a fraction of the price.",
            "Doctors hate this: the pill that melts fat while you sleep.",
            "Running low on your medication? Reorder {drug} in two clicks, no doctor visit needed.",
            "Special offer for new customers: {drug} at {pct}% off the pharmacy price.",
            "Feel 20 years younger with our all-natural supplement, now back in stock.",
        ]
    )
    middle = r.pick(
        [
            "- No prescription required\n- 100% satisfaction or money back\n- Free shipping on orders over $99",
            "Bonus: 4 free pills with every order. FDA approved* quality.",
            "We accept Visa, Mastercard and Bitcoin. Your bank statement will show a neutral name.",
            "Over 2,000,000 satisfied customers. Order today and save {pct}%.",
        ]
    )
    body = compose(
        r.pick(GREET_GENERIC + ["Hi,", ""]),
        opening,
        middle,
        r.pick(
            ["Order here: {link}", "Visit our store: {link}", "Click to see all offers: {link}", "Shop now >> {link}"]
        ),
        r.pick(
            [
                "To stop receiving these emails, reply REMOVE.",
                "*Not evaluated by any authority.",
                "You received this because you are registered with one of our partners.",
                "",
            ]
        ),
    )
    sender = (
        r.pick(["Online Pharmacy", "RX Store", "Men's Health Shop", "Dr. Green", "Pharma Express"]),
        r.pick(["sales", "orders", "pharmacy", "info", "dr.green"])
        + "@"
        + r.pick(["rx-pharma-direct.com", "meds-store" + r.pick(SPAM_TLDS), "healthshop24.net", "pharma-express.biz"]),
    )
    return Email(fill(sender[0], s), fill(sender[1], s), fill(subject, s), fill(body, s))


def spam_fake_invoice(r: _R, c: dict) -> Email:
    """Invoice fraud: overdue bills from unknown suppliers, changed bank details, 'view invoice' links.

    Subtle ones copy a real biller's bill; the sender's domain and the payment link give them away.
    """
    cur = r.pick(["$", "€", "£"])
    if c["subtle"]:
        biller = r.pick(BILLERS)
        fake = _lookalike(r, biller)
        s = dict(
            c,
            biller=biller["name"],
            domain=biller["domain"],
            what=biller["what"],
            unit=biller["unit"],
            cur=cur,
            amount=r.money(18, 240),
            inv=f"{r.letters(2)}-{r.digits(7)}",
            due=_date_words(c["date"], r.int(-3, 10)),
            month=MONTHS[(c["date"].month - 2) % 12],
            account=r.digits(8),
            usage=r.int(*biller["usage"]),
            fee=r.pick(["12", "15", "25"]),
            pay_link=_link(r, fake, ["billing", "pay?ref={id}", "account/billing/{n}", "bill/{id}"], 0.8),
        )
        subject, body = _bill_with_link(r)
        sender = (r.pick(["{biller}", "{biller} Billing"]), r.pick(["billing", "no-reply", "invoices"]) + "@" + fake)
        return Email(fill(sender[0], s), fill(sender[1], s), fill(subject, s), fill(body, s))
    vendor = r.pick(
        [
            "Apex Office Supplies Ltd",
            "Global Logistics Solutions",
            "Meridian IT Services",
            "Sterling Consulting Group",
            "Northline Facilities",
            "Prime Print & Design",
            "Harcourt Legal Services",
        ]
    )
    vdomain = re.sub(r"[^a-z]", "", vendor.lower().split()[0])
    s = dict(
        c,
        vendor=vendor,
        cur=cur,
        amount=r.money(180, 9800),
        inv=f"INV-{r.digits(5)}",
        due=_date_words(c["date"], r.int(-10, 3)),
        days=r.int(14, 60),
        iban=f"GB{r.digits(2)} {r.letters(4)} {r.digits(4)} {r.digits(4)} {r.digits(4)} {r.digits(2)}",
        contact=r.pick(["Sarah Mitchell", "David Brown", "Accounts Team", "Laura Jenkins", "Michael Reed"]),
        link=_link(
            r,
            r.pick(
                [
                    f"{vdomain}-billing.com",
                    f"invoices-{vdomain}{r.pick(SPAM_TLDS)}",
                    "docs-share-portal.com",
                    "secure-docview" + r.pick(SPAM_TLDS),
                    "cloud-invoice-view.net",
                ]
            ),
            ["invoice/{id}", "view?doc={id}", "download/INV{n}.pdf", "d/{id}"],
        ),
    )
    subject = r.pick(
        [
            "Invoice {inv} overdue",
            "Payment remittance advice",
            "RE: Outstanding invoice {inv}",
            "Updated bank details for future payments",
            "Your invoice {inv} is attached",
            "FINAL NOTICE: {inv} unpaid",
            "Invoice from {vendor}",
            "Payment confirmation required",
        ]
    )
    opening = r.pick(
        [
            "Our records show that invoice {inv} is now {days} days overdue. Please arrange payment immediately to avoid legal action.",
            "Kindly note that our bank details have changed. All future payments, including invoice {inv}, must be sent to the new account below.",
            "Attached is the remittance advice for your payment. Please open the document to confirm receipt.",
            "We have not received payment for the services provided. A late fee will be added if this is not settled today.",
            "Please find attached invoice {inv} for services rendered last month.",
            "Further to our phone call, please see the invoice below.",
        ]
    )
    action = r.pick(
        [
            "View and pay your invoice online: {link}",
            "Open the secure document here: {link}",
            "New bank details:\nAccount name: {vendor}\nIBAN: {iban}\nPlease confirm once the transfer is made.",
            "Download invoice (PDF, 212 KB): {link}",
            "Please settle the balance by bank transfer today and reply with the payment confirmation.",
        ]
    )
    sign = r.pick(
        [
            "Kind regards,\n{contact}\nAccounts Receivable, {vendor}",
            "Best regards,\n{contact}",
            "Thanks,\nBilling Department",
            "Regards,\n{contact}\nCredit Control",
        ]
    )
    body = compose(r.pick(GREET_GENERIC + GREET_NAME[:3]), opening, r.pick(INVOICE_LINES), action, sign)
    sender = (
        r.pick(["{vendor}", "Accounts Receivable", "{contact}", "Billing", "Credit Control"]),
        r.pick(["ar", "billing", "accounts", "invoices", "finance"])
        + "@"
        + r.pick(
            [
                f"{vdomain}-billing.com",
                f"{vdomain}-accounts.net",
                "invoicing-services" + r.pick(SPAM_TLDS),
                f"mail.{vdomain}-uk.com",
            ]
        ),
    )
    return Email(fill(sender[0], s), fill(sender[1], s), fill(subject, s), fill(body, s))


def spam_fake_delivery(r: _R, c: dict) -> Email:
    """Delivery scams: a parcel on hold until a small fee is paid at a lookalike site.

    Subtle ones copy a real carrier's import-charges notice word for word.
    """
    carrier = r.pick(CARRIERS)
    fake = _lookalike(r, carrier)
    shop = r.pick(SHOPS + [{"name": "an overseas seller"}, {"name": "AliMarket"}])
    cur = r.pick(["€", "£", "$"])
    s = dict(
        c,
        carrier=carrier["name"],
        domain=carrier["domain"],
        shop=shop["name"],
        tracking=f"{carrier['prefix']}{r.digits(9)}{carrier['suffix']}",
        hub=r.pick(HOME_CITIES),
        fee=f"{cur}{r.pick(['1.45', '1.99', '2.99', '0.99', '3.20', '2.49', '4.15', '8.72'])}",
        days=r.pick(["14", "10", "7"]),
        link=_link(r, fake, ["redelivery?id={id}", "track/{n}", "pay-fee", "parcel/confirm?{id}", "reschedule"]),
        pay_link=_link(r, fake, ["pay/{n}", "charges?parcel={n}", "fees/{id}"], 0.9),
    )
    if c["subtle"]:
        subject = r.pick(CHARGES_SUBJECTS)
        body = compose(
            r.pick(GREET_NAME[:3] + ["Hello,"]),
            r.pick(CHARGES_OPENINGS),
            r.pick(CHARGES_PAY),
            r.pick(CHARGES_AFTER),
            r.pick(["{carrier}", "Thanks,\n{carrier} Customer Service"]),
        )
        sender = (carrier["name"], r.pick(["no-reply", "updates", "tracking"]) + "@" + fake)
        return Email(fill(sender[0], s), fill(sender[1], s), fill(subject, s), fill(body, s))
    subject = r.pick(
        [
            "Your parcel could not be delivered",
            "{carrier}: customs fee required",
            "Delivery attempt failed",
            "Your package is on hold",
            "Action needed: confirm your delivery address",
            "Parcel {tracking}: delivery suspended",
            "We missed you today",
            "Final notice: your parcel will be returned",
        ]
    )
    body = compose(
        r.pick(GREET_GENERIC + GREET_NAME[:2]),
        r.pick(SHIP_PROGRESS[3:] + SHIP_PROGRESS[:1]),
        r.pick(FAKE_SHIP_DETAIL),
        r.pick(FAKE_SHIP_ACTION),
        r.pick(
            [
                "If the fee is not paid, the parcel will be returned to the sender.",
                "Thank you for choosing {carrier}.",
                "This is an automated message, please do not reply.",
                "",
            ]
        ),
        r.pick(["{carrier} Customer Service", "Kind regards,\n{carrier}", "© {carrier} 2025"]),
    )
    sender = (
        r.pick(["{carrier}", "{carrier} Delivery", "Parcel Service", "Delivery Notification"]),
        r.pick(["noreply", "delivery", "tracking", "info"]) + "@" + r.pick([fake, "parcel-notice" + r.pick(SPAM_TLDS)]),
    )
    return Email(fill(sender[0], s), fill(sender[1], s), fill(subject, s), fill(body, s))


def spam_job_scam(r: _R, c: dict) -> Email:
    firm = r.pick(
        [
            "Global Staffing Partners",
            "Remote Talent Hub",
            "Evergreen Recruitment",
            "Swift Payroll Services",
            "Premier Mystery Shoppers",
            "BlueOcean Trading Co.",
        ]
    )
    s = dict(
        c,
        firm=firm,
        pay=r.pick(["$450", "$380", "€300", "£350", "$520"]),
        hours=r.pick(["2", "3", "1-2"]),
        recruiter=r.pick(["Jessica Moore", "Daniel Carter", "Emily Watson", "Kevin Brooks", "Olivia Grant"]),
        link=_link(
            r,
            r.pick(["remote-jobs-now", "easy-work-online", "staffing-partners-global", "mystery-shop-usa"])
            + r.pick([".com"] + SPAM_TLDS),
            ["apply", "form?id={id}", "jobs/{n}"],
        ),
    )
    subject = r.pick(
        [
            "Work from home: earn {pay} a day",
            "Remote data entry position, start today",
            "Mystery shopper needed in your area",
            "Your application has been shortlisted",
            "Part-time payment processing agent wanted",
            "Job offer: flexible hours, weekly pay",
            "Re: your CV on file",
            "Easy online job, no experience required",
        ]
    )
    opening = r.pick(
        [
            "We found your CV online and believe you are a perfect fit for a part-time remote position with {firm}.",
            "{firm} is hiring home-based assistants. The work takes {hours} hours a day and pays {pay} per day.",
            "Congratulations, you have been selected as a mystery shopper in your area.",
            "We are an international company looking for a local representative to process payments from our clients.",
            "Our company is expanding in your region and we need reliable people to reship parcels from home.",
            "Are you looking for extra income? {firm} pays {pay} per day for simple online tasks: liking videos and writing reviews.",
            "Your profile matches our requirements for the position of Virtual Assistant (remote, flexible hours).",
        ]
    )
    middle = r.pick(
        [
            "No interview or experience is needed. You can start immediately after registration.",
            "We will send you a cheque. Deposit it, keep {pay} as your fee and transfer the rest to our supplier by wire transfer.",
            "Your task is to receive funds into your personal account and forward them to our partners, keeping 10%.",
            "You will evaluate shops and money transfer services. All expenses are reimbursed.",
        ]
    )
    action = r.pick(
        [
            "To proceed, reply with your full name, address, date of birth and bank details.",
            "Apply now: {link}",
            "Send your details to {recruiter} at the address above to receive your contract.",
            "Fill in the short form at {link} and we will contact you within 24 hours.",
        ]
    )
    body = compose(
        r.pick(["Dear Applicant,", "Hello,", "Dear {first},", "Good day,", "Hi {first},"]),
        opening,
        middle,
        action,
        r.pick(
            [
                "Best regards,\n{recruiter}\nHR Manager, {firm}",
                "{recruiter}\nRecruitment Team",
                "Kind regards,\n{firm} HR",
            ]
        ),
    )
    sender = (
        r.pick(["{recruiter}", "{firm} HR", "Recruitment Team", "Jobs Desk"]),
        r.pick(["hr", "careers", "recruit", "jobs", "hr.manager"])
        + "@"
        + r.pick(
            [
                "globalstaffing-partners.com",
                "remote-talent-hub.net",
                "evergreen-jobs" + r.pick(SPAM_TLDS),
                "payroll-agents.org",
                "orbitmail.com",
            ]
        ),
    )
    return Email(fill(sender[0], s), fill(sender[1], s), fill(subject, s), fill(body, s))


def spam_advance_fee(r: _R, c: dict) -> Email:
    who = r.pick(
        [
            "Barrister Samuel Okoro",
            "Mrs. Helen Whitmore",
            "Dr. Ahmed Karim",
            "Mr. Viktor Lensky",
            "Captain Richard Hayes",
            "Princess Adaeze Nwosu",
        ]
    )
    s = dict(
        c,
        who=who,
        amount=f"{r.pick(['$', '€', '£'])}{r.int(35, 189) / 10:.1f} million",
        pct=r.pick(["30", "35", "40", "25"]),
        bank=r.pick(["Central Bank", "First Continental Bank", "Union Trust"]),
        surname=c["last"],
    )
    subject = r.pick(
        [
            "Urgent business proposal",
            "Inheritance of late Mr. {surname}",
            "Confidential: transfer of {amount}",
            "From the desk of {who}",
            "Dear friend, I need your assistance",
            "Please respond, it is urgent",
            "Unclaimed deposit in your name",
            "Request for partnership",
        ]
    )
    opening = r.pick(
        [
            "I am {who}, personal attorney to the late Mr. {surname}, a contractor who died with his family in a car accident.",
            "I am writing to you in confidence about a sum of {amount} left in a dormant account at the {bank}.",
            "My name is {who}. I am suffering from a terminal illness and wish to donate my fortune to charity through you.",
            "I got your contact through a trusted directory and I believe you are a person of integrity.",
            "I am a banker with the {bank}. I discovered an abandoned account worth {amount} whose owner died without a will.",
            "I am a soldier serving overseas and I have secured a consignment of {amount} that I need to move to a safe country.",
            "Please accept my apologies for contacting you this way. I am writing on behalf of the family of the late Mr. {surname}.",
        ]
    )
    middle = r.pick(
        [
            "Since you share the same surname as the deceased, I can present you as the next of kin so the funds can be released.",
            "You will receive {pct}% of the total sum for your assistance. The transaction is 100% risk free.",
            "All I need is your bank account details and a small fee to cover the legal documentation.",
            "Please keep this matter strictly confidential, as the bank officials must not learn of it.",
        ]
    )
    body = compose(
        r.pick(["Dear Friend,", "Dear {first},", "Dear Sir/Madam,", "Good day,", "Dearest One,"]),
        opening,
        middle,
        r.pick(
            [
                "Reply urgently with your full name, phone number and address.",
                "Kindly get back to me through my private email so we can proceed.",
                "I await your urgent response.",
            ]
        ),
        r.pick(["Yours faithfully,\n{who}", "God bless you,\n{who}", "Best regards,\n{who}"]),
    )
    sender = (
        r.pick(["{who}", "Private Office", "Attorney at Law"]),
        r.pick(["office", "private", "barrister", "contact", "info"])
        + r.digits(2)
        + "@"
        + r.pick(["postbox.net", "orbitmail.com", "legal-chambers" + r.pick(SPAM_TLDS), "consultant.com"]),
    )
    return Email(fill(sender[0], s), fill(sender[1], s), fill(subject, s), fill(body, s))


def spam_tech_support(r: _R, c: dict) -> Email:
    product = r.pick(
        ["ShieldPro Antivirus", "SafeNet Total Security", "PC Guardian 360", "SecureLine Protection", "TechShield Plus"]
    )
    s = dict(
        c,
        product=product,
        amount=r.money(199, 499),
        phone=f"+1 (8{r.int(0, 8)}8) 555-0{r.int(100, 199)}",
        viruses=r.int(3, 14),
        order=r.digits(9),
    )
    subject = r.pick(
        [
            "Your computer is infected: {viruses} threats found",
            "{product} subscription renewed: ${amount}",
            "Call now to cancel your renewal",
            "Your licence has expired",
            "Order confirmation #{order}",
            "Security warning: your device is at risk",
            "Auto-renewal successful",
            "Refund available for your account",
        ]
    )
    opening = r.pick(
        [
            "Our scan found {viruses} viruses and spyware on your computer. Your personal files and bank details are at risk.",
            "Thank you for renewing {product}. ${amount} has been charged to your account for a 3-year plan.",
            "Your {product} licence expired yesterday and your device is no longer protected.",
            "We are sorry to inform you that your subscription has been renewed automatically for ${amount}.",
            "Your invoice for the annual renewal of {product} is attached. The payment of ${amount} will appear on your statement within 24 hours.",
            "Warning! Your IP address has been linked to suspicious activity and your device may be compromised.",
            "Your cloud backup failed and {viruses} files could not be protected. Immediate action is required.",
        ]
    )
    middle = r.pick(
        [
            "If you did not authorise this payment, call our billing department within 24 hours to receive a full refund.",
            "To remove the threats, call a certified technician who will connect to your computer remotely.",
            "Do not turn off your computer. Call support immediately to avoid data loss.",
            "Order ID: {order}\nProduct: {product}\nAmount: ${amount}\nPayment: auto-debit",
        ]
    )
    body = compose(
        r.pick(GREET_GENERIC + ["Hi {first},"]),
        opening,
        middle,
        r.pick(
            [
                "Call toll-free: {phone}",
                "Customer helpline: {phone} (24/7)",
                "To cancel, call {phone}.",
                "Contact our support team at {phone}.",
            ]
        ),
        r.pick(["Thank you,\n{product} Billing", "Regards,\nTechnical Support", "{product} Team"]),
    )
    sender = (
        r.pick(["{product}", "Billing Support", "Technical Support", "Security Alert"]),
        r.pick(["billing", "support", "noreply", "renewals"])
        + "@"
        + r.pick(
            [
                "shieldpro-support.com",
                "pc-guardian-renewal" + r.pick(SPAM_TLDS),
                "secure-billing-center.net",
                "postbox.net",
                "orbitmail.com",
            ]
        ),
    )
    return Email(fill(sender[0], s), fill(sender[1], s), fill(subject, s), fill(body, s))


def spam_unsolicited_promo(r: _R, c: dict) -> Email:
    """Bulk promotions nobody signed up for; subtle ones copy the look of a real shop's mailing."""
    store, sdomain = r.pick(UNKNOWN_STORES)
    product = r.pick(
        [
            "designer watches",
            "replica handbags",
            "designer sunglasses",
            "smartwatches",
            "LED face masks",
            "anti-aging cream",
            "wireless earbuds",
            "teeth whitening kits",
            "solar power banks",
        ]
    )
    s = dict(
        c,
        store=store,
        shop=store,
        domain=sdomain,
        product=product,
        pct=r.pick(["40", "50", "70", "80", "90"]),
        price=r.money(9, 49),
        code=r.letters(4) + r.digits(2),
        season=r.pick(SEASONS),
        category=r.pick(PROMO_CATEGORIES + [product]),
        item=product,
        points=f"{r.int(3, 40) * 50:,}",
        ends=_date_words(c["date"], r.int(1, 5)),
        link=_link(r, r.pick(GENERIC_SPAM_DOMAINS), ["sale", "?utm={id}", "shop/{n}", "offer/{id}", "go"]),
    )
    if c["subtle"]:
        subject = r.pick(PROMO_SUBJECTS)
        body = compose(
            r.pick(GREET_NAME[:3] + ["Hello,", "Hi there,"]),
            r.pick(PROMO_HOOKS + PROMO_LOUD),
            r.pick(PROMO_MIDDLE),
            r.pick(PROMO_CTA),
            r.pick(["Offer ends {ends} at 23:59. Exclusions apply.", "While stocks last.", ""]),
            r.pick(PROMO_FOOTERS),
        )
        return Email(
            fill(store, s),
            fill(r.pick(["news", "hello", "offers", "members"]) + "@" + sdomain, s),
            fill(subject, s),
            fill(body, s),
        )
    subject = r.pick(
        [
            "🔥 {pct}% OFF {product}, today only!!!",
            "Huge clearance: {product} from ${price}",
            "You won't believe these prices",
            "FREE gift with every order",
            "LAST DAY: {pct}% OFF EVERYTHING",
            "Limited stock! {product} almost gone",
            "Get yours before they're gone!",
            "Re: your discount code {code}",
        ]
    )
    body = compose(
        r.pick(["Hi!", "Hello friend,", "Dear Customer,", "HELLO!!!", ""]),
        r.pick(
            [
                "MEGA SALE on {product}: up to {pct}% OFF while stocks last!",
                "Top quality {product} at factory prices. Same quality as the big brands for a fraction of the cost!",
                "Our warehouse is overstocked and everything must go. {product} from just ${price}!",
                "Only today: buy 1 get 2 FREE on all {product}.",
            ]
        ),
        r.pick(
            [
                "✔ Free worldwide shipping\n✔ 100% money-back guarantee\n✔ Limited stock",
                "Use code {code} at checkout for an EXTRA 10% off.",
                "Hurry, this offer expires in 3 hours!!!",
                "Over 10,000 sold this week!",
            ]
        ),
        r.pick(["CLICK HERE: {link}", "Order now >> {link}", "Shop the sale: {link}", "Visit: {link}"]),
        r.pick(
            [
                "To be removed from our list reply REMOVE.",
                "If you no longer wish to receive offers, click here.",
                "This is an advertisement.",
                "You are receiving this email because you are a valued customer.",
            ]
        ),
    )
    sender = (
        r.pick(["{store}", "Deals Team", "Best Offers", "{store} Offers", "VIP Sale"]),
        r.pick(["offers", "deals", "news", "promo", "hello"]) + "@" + r.pick(GENERIC_SPAM_DOMAINS),
    )
    return Email(fill(sender[0], s), fill(sender[1], s), fill(subject, s), fill(body, s))


def spam_loan_debt(r: _R, c: dict) -> Email:
    lender = r.pick(
        ["QuickCash Direct", "EasyLoan Partners", "Freedom Debt Relief", "CreditFix Now", "Approved Funding Group"]
    )
    s = dict(
        c,
        lender=lender,
        amount=f"{r.int(5, 50) * 1000:,}",
        rate=r.pick(["1.9", "2.4", "0.99", "3.1"]),
        link=_link(
            r,
            r.pick(["quickcash-direct", "easyloan-partners", "debt-freedom-now", "credit-fix"])
            + r.pick([".com", ".net"] + SPAM_TLDS),
            ["apply", "approved?id={id}", "start", "claim"],
        ),
    )
    subject = r.pick(
        [
            "You're pre-approved for ${amount}",
            "Consolidate your debt today",
            "Bad credit? No problem",
            "Lower your mortgage rate to {rate}%",
            "Final notice: your loan approval expires",
            "Cash in your account within 1 hour",
            "Your application #{ref} is approved",
            "Stop debt collectors now",
        ]
    )
    s["ref"] = r.digits(6)
    body = compose(
        r.pick(GREET_GENERIC + ["Hi {first},"]),
        r.pick(
            [
                "Good news! You have been pre-approved for a personal loan of up to ${amount}, regardless of your credit history.",
                "Are you struggling with debt? {lender} can cut your monthly payments in half.",
                "Homeowners are refinancing at record low rates of {rate}%. See how much you could save.",
                "Your loan application is approved. We just need to confirm a few details before the money is sent.",
                "We tried to reach you by phone about your approved credit line of ${amount}.",
                "Tired of being turned down by banks? Our partners approve 97% of applicants, even with bad credit.",
                "Thanks to a new government scheme, you may be eligible to have up to 80% of your debt written off.",
            ]
        ),
        r.pick(
            [
                "No credit check. No paperwork. Money in your account today.",
                "A one-time processing fee of $49 is required to release the funds.",
                "This offer is only valid for 48 hours.",
                "Thousands of customers trust {lender}.",
                "Rates from {rate}% APR. Borrow ${amount} and repay over 5 years.",
                "Decision in 60 seconds, funds the same day.",
            ]
        ),
        r.pick(["Get your money now: {link}", "Check your offer: {link}", "Apply in 2 minutes at {link}"]),
        r.pick(["{lender}", "Regards,\nLoan Department", "To opt out, reply STOP.", ""]),
    )
    sender = (
        r.pick(["{lender}", "Loan Approval", "Debt Relief Team", "Funding Dept"]),
        r.pick(["approvals", "loans", "info", "offers"])
        + "@"
        + r.pick(
            ["quickcash-direct.com", "easyloan-partners.net", "debtrelief" + r.pick(SPAM_TLDS), "funding-group.biz"]
        ),
    )
    return Email(fill(sender[0], s), fill(sender[1], s), fill(subject, s), fill(body, s))


def spam_gift_card_survey(r: _R, c: dict) -> Email:
    """Fake rewards and surveys; subtle ones copy a real shop's loyalty-points email."""
    shop = r.pick(SHOPS)
    fake = _lookalike(r, shop)
    s = dict(
        c,
        shop=shop["name"],
        domain=shop["domain"],
        value=r.pick(["$100", "£50", "€100", "$250", "$500"]),
        points=f"{r.int(12, 95) * 100:,}",
        shipping=r.pick(["$1.95", "£2.00", "€1.00"]),
        ends=_date_words(c["date"], r.int(0, 3)),
        rewards_link=_link(r, fake, ["rewards", "account/points", "redeem?id={id}"], 0.7),
        link=_link(
            r,
            r.pick(
                [
                    f"{shop['domain'].split('.')[0]}-rewards{r.pick(SPAM_TLDS)}",
                    "reward-center-claim.xyz",
                    "customer-survey-gift.com",
                    "loyalty-bonus.online",
                    "giftcard-winners.site",
                ]
            ),
            ["survey?id={id}", "claim/{n}", "rewards", "start"],
        ),
    )
    if c["subtle"]:
        subject = r.pick(POINTS_SUBJECTS)
        body = compose(
            r.pick(GREET_NAME[:3]),
            r.pick(POINTS_BODIES),
            "Redeem your points: {rewards_link}",
            r.pick(PROMO_FOOTERS[:2]),
        )
        return Email(
            fill(r.pick(["{shop}", "{shop} Rewards"]), s),
            r.pick(["rewards", "members", "hello"]) + "@" + fake,
            fill(subject, s),
            fill(body, s),
        )
    subject = r.pick(
        [
            "You've been selected: {value} {shop} gift card",
            "Quick survey: claim your reward",
            "Your loyalty points are expiring today",
            "Congratulations! Your {value} reward is waiting",
            "{first}, your free gift is ready",
            "Thank you for being a customer: claim {value}",
            "Complete our 30-second survey",
            "Reminder: unclaimed reward",
        ]
    )
    body = compose(
        r.pick(GREET_GENERIC + GREET_NAME[:2]),
        r.pick(
            [
                "You have been selected to take part in our annual customer satisfaction survey.",
                "Your {points} loyalty points expire today. Redeem them now for a {value} {shop} gift card.",
                "As a thank-you for your loyalty, {shop} is giving away {value} gift cards to 100 lucky customers.",
                "Congratulations! You are today's selected visitor.",
            ]
        ),
        r.pick(
            [
                "Answer 5 quick questions and claim your reward. You only pay {shipping} for shipping.",
                "Only 3 rewards left. Offer valid for the next 15 minutes.",
                "To receive your gift card, confirm your address and card details for verification.",
                "It takes less than 30 seconds.",
            ]
        ),
        r.pick(["Start the survey: {link}", "Claim your reward here: {link}", "Redeem now: {link}"]),
        r.pick(["Thank you,\nCustomer Rewards Team", "{shop} Rewards", "© 2025 Rewards Center", ""]),
    )
    sender = (
        r.pick(["{shop} Rewards", "Customer Rewards", "Survey Team", "{shop}"]),
        r.pick(["rewards", "survey", "noreply", "gift"])
        + "@"
        + r.pick(
            [
                "reward-center-claim.xyz",
                "customer-survey-gift.com",
                "loyalty-bonus.online",
                f"{shop['domain'].split('.')[0]}-rewards{r.pick(SPAM_TLDS)}",
            ]
        ),
    )
    return Email(fill(sender[0], s), fill(sender[1], s), fill(subject, s), fill(body, s))


def spam_romance_dating(r: _R, c: dict) -> Email:
    name = r.pick(["Natalie", "Anna", "Sophie", "Kate", "Alex", "Jenny", "Michael", "Daniel"])
    s = dict(
        c,
        name=name,
        age=r.int(24, 36),
        km=r.int(2, 9),
        link=_link(
            r,
            r.pick(["meet-singles-now", "local-hearts", "datenight-match", "lonely-hearts-club"]) + r.pick(SPAM_TLDS),
            ["profile/{id}", "chat?u={id}", "photos"],
        ),
    )
    subject = r.pick(
        [
            "Hi dear, I saw your profile",
            "Are you still single?",
            "Someone {km} km away wants to meet you",
            "I hope you remember me",
            "{name} sent you a private message",
            "Let's talk?",
            "You have 3 new admirers",
            "Re: hello from {name}",
        ]
    )
    body = compose(
        r.pick(["Hi dear,", "Hello handsome,", "Hi {first},", "Hello,", "Hey you,"]),
        r.pick(
            [
                "My name is {name}, I am {age} years old. I found your email and something told me to write to you.",
                "I saw your profile and I think we have a lot in common. I am new in your city and a bit lonely.",
                "You have a new message from {name} ({age}), who lives only {km} km from you.",
                "I am not sure you remember me, we spoke some time ago. I still think about our conversation.",
                "I got your address from a friend who said you are a good person. I am tired of dating apps.",
                "Sorry for writing out of the blue. I am a nurse working abroad and I feel very alone here.",
            ]
        ),
        r.pick(
            [
                "I am a kind and honest person looking for a serious relationship.",
                "I have some private photos I can only share on my personal page.",
                "I would like to visit you but I need a little help with the ticket.",
                "Write to me, I will be waiting.",
            ]
        ),
        r.pick(["See my photos here: {link}", "Reply to me on {link}", "Open the message: {link}", ""]),
        r.pick(["Kisses,\n{name}", "{name}", "Yours, {name}"]),
    )
    sender = (
        r.pick(["{name}", "{name} ({age})", "Dating Alerts", "New Message"]),
        r.pick(["{n}.sweet", "lovely.{n}", "alerts", "{n}{d}"]).format(n=name.lower(), d=r.digits(3))
        + "@"
        + r.pick(["postbox.net", "orbitmail.com", "meet-singles" + r.pick(SPAM_TLDS), "datingmail.biz"]),
    )
    return Email(fill(sender[0], s), fill(sender[1], s), fill(subject, s), fill(body, s))


def spam_seo_cold_outreach(r: _R, c: dict) -> Email:
    """Unsolicited bulk B2B pitches: SEO, web design, lead lists, cheap developers."""
    agent_first, agent_last = r.pick(
        [
            ("Ryan", "Cooper"),
            ("Jenny", "Walsh"),
            ("Arjun", "Mehta"),
            ("Bella", "Stone"),
            ("Chris", "Nolan"),
            ("Vikram", "Rao"),
        ]
    )
    agency = r.pick(["RankBoost Digital", "WebGrowth Agency", "LeadPro Data", "TopPage SEO", "AppCraft Offshore"])
    s = dict(
        c,
        agent=f"{agent_first} {agent_last}",
        agent_first=agent_first,
        agency=agency,
        company=COMPANY,
        domain=COMPANY_DOMAIN,
        pct=r.pick(["300", "250", "500"]),
        rate=r.pick(["$12", "$15", "$18"]),
        leads=f"{r.int(20, 90)},000",
    )
    subject = r.pick(
        [
            "Quick question about {domain}",
            "Get {company} on page 1 of Google",
            "Increase your traffic by {pct}%",
            "Partnership proposal",
            "Developers at {rate}/hour",
            "Re: website redesign",
            "{leads} verified B2B leads",
            "Following up on my last email",
        ]
    )
    body = compose(
        r.pick(["Hi {first},", "Hello,", "Hi there,", "Dear Business Owner,", "Hi team,"]),
        r.pick(
            [
                "I was looking at {domain} and noticed it isn't ranking for several important keywords.",
                "We help companies like {company} grow their organic traffic by {pct}% in 90 days.",
                "Are you looking for a reliable development team? Our developers start at {rate} per hour.",
                "We have a fresh list of {leads} decision-makers in analytics and finance, with verified emails.",
                "I sent you an email last week but didn't hear back, so I'm following up.",
                "I came across {company} on LinkedIn and love what you're doing with analytics.",
                "Your website loads in 6.8 seconds on mobile, which is costing you customers.",
                "We recently helped a company in your space triple its inbound leads, and I think we could do the same for you.",
            ]
        ),
        r.pick(
            [
                "We guarantee first-page rankings or your money back.",
                "Can I send you a free audit of your website?",
                "Would you be interested in a quick 10-minute call this week?",
                "Reply 'YES' and I'll send you pricing and samples.",
            ]
        ),
        r.pick(
            ["Best,\n{agent}\n{agency}", "Thanks,\n{agent_first}", "Regards,\n{agent}\nBusiness Development, {agency}"]
        ),
        r.pick(["If you're not interested, reply 'no' and I won't contact you again.", ""]),
    )
    sender = (
        r.pick(["{agent}", "{agent_first} from {agency}", "{agency}"]),
        _addr(
            agent_first,
            agent_last,
            r.pick(
                [
                    "rankboost-digital.com",
                    "webgrowth-agency.net",
                    "leadpro-data.co",
                    "toppage-seo.com",
                    "appcraft-offshore.in",
                    "orbitmail.com",
                ]
            ),
            r,
        ),
    )
    return Email(fill(sender[0], s), fill(sender[1], s), fill(subject, s), fill(body, s))


# --------------------------------------------------------------------------------------
# Ham families
# --------------------------------------------------------------------------------------
def _colleague(r: _R, c: dict):
    choices = [p for p in COLLEAGUES if p[0] != c["first"]]
    first, last = r.pick(choices)
    return first, last, _addr(first, last, COMPANY_DOMAIN, r)


def ham_work_thread(r: _R, c: dict) -> Email:
    first, last, address = _colleague(r, c)
    s = dict(
        c,
        sender=first,
        project=r.pick(PROJECTS),
        client=r.pick(CLIENTS),
        n=r.int(102, 988),
        auc=f"0.{r.int(71, 93)}",
        pct=r.int(3, 28),
        day=r.pick(WEEKDAYS[:5]),
        rows=f"{r.int(2, 90) * 10_000:,}",
        table=r.pick(["events_daily", "customers_v2", "orders_clean", "sessions", "invoices_raw"]),
        branch=r.pick(["feature/cleanup", "fix/dedupe-orders", "exp/new-features", "chore/refactor-loaders"]),
    )
    subject, opening, follow = r.pick(
        [
            (
                "Re: {project}: first results",
                "Thanks for the comments yesterday. I've rerun {project} with the fixes and the AUC went from 0.70 to {auc}.",
                [
                    "The main change is that we now drop test accounts before computing the metrics, which explains most of the jump.",
                    "I'm a bit suspicious of a jump that size, so I've also checked for leakage from the target month. Looks clean so far.",
                ],
            ),
            (
                "Quick question about the {table} table",
                "Quick one: the {table} table has {rows} rows today but only half that yesterday. Did the job fail overnight?",
                [
                    "Not urgent, but the dashboard reads from it, so I'd like to know before the {client} call.",
                    "I can rerun it myself if you tell me which config you used.",
                ],
            ),
            (
                "Re: code review for PR #{n}",
                "I went through PR #{n}. Mostly looks good, two small comments inline, plus one question about the join.",
                [
                    "Are we sure the join on customer id is one-to-one? I get {pct}% more rows after it on the sample data.",
                    "Happy to approve once the tests pass; the refactor of the loaders is much easier to read.",
                ],
            ),
            (
                "{client}: notes from today",
                "Here are my notes from the {client} call. They want the report a week earlier, which is tight but doable.",
                [
                    "Main asks: a breakdown by region, and the churn numbers excluding the pilot stores.",
                    "They also asked whether we can share the notebook. I said we'd send a cleaned-up version.",
                ],
            ),
            (
                "Updated data dictionary",
                "Attached is the updated data dictionary. I've added definitions for the churn flags and marked the deprecated columns.",
                [
                    "Shout if anything is unclear; I'd like to share it with {client} on {day}.",
                    "The biggest change: 'active' now means an order in the last 90 days, not 60.",
                ],
            ),
            (
                "Can you sanity-check this?",
                "Could you sanity-check the numbers in the attached sheet before I send them to {client}?",
                [
                    "The totals match the warehouse, but the split by channel is off by about {pct}% and I can't see why.",
                    "Mainly the second tab. Ten minutes of your time would save me an embarrassing email.",
                ],
            ),
            (
                "Handover before my leave",
                "I'm off from {day} for two weeks, so here's where things stand on {project}.",
                [
                    "The pipeline runs nightly; if it fails, the runbook is in the repo under docs/. {client} expects an update on the 15th.",
                    "Everything is pushed to {branch}. The open question is whether we keep the old features.",
                ],
            ),
            (
                "FYI: {table} backfill finished",
                "The backfill of {table} finished overnight: {rows} rows, no errors.",
                [
                    "I spot-checked a few days against the raw logs and they match.",
                    "You can switch the dashboard back to the main table whenever you like.",
                ],
            ),
        ]
    )
    quote = r.pick(
        [
            "",
            "",
            "> On {day}, {first} wrote:\n> Can you send me the latest version when you get a chance?",
            "> Looks good, just one question about the sample size.",
        ]
    )
    body = compose(
        r.pick(GREET_NAME[:6]),
        opening,
        r.pick(follow),
        r.pick(["Let me know if the numbers look off to you.", "I can walk you through it after stand-up.", "", ""]),
        r.pick(["Cheers,\n{sender}", "Thanks!\n{sender}", "{sender}", "Best,\n{sender}", "Thanks a lot,\n{sender}"]),
        quote if subject.startswith("Re:") else "",
    )
    return Email(f"{first} {last}", address, fill(subject, s), fill(body, s))


def ham_meeting_scheduling(r: _R, c: dict) -> Email:
    first, last, address = _colleague(r, c)
    s = dict(
        c,
        sender=first,
        last_name=last,
        day=_date_words(c["date"], r.int(1, 6)),
        time=r.pick(["9:30", "10:00", "11:15", "14:00", "15:30", "16:00"]),
        event=r.token(10),
        room=r.pick(["Larch", "the big meeting room", "Room 2.14", "the kitchen table", "Birch"]),
        client=r.pick(CLIENTS),
        topic=r.pick(
            [
                "sprint planning",
                "the design review",
                "our 1:1",
                "the quarterly review",
                "the client kick-off",
                "the hiring debrief",
                "the roadmap session",
            ]
        ),
    )
    hour, minute = s["time"].split(":")
    s["end"] = f"{int(hour) + r.pick([1, 1, 2])}:{minute}"
    if r.chance(0.3):  # a calendar invitation
        subject = r.pick(
            [
                "Invitation: {topic} @ {day} {time}",
                "Updated invitation: {topic}",
                "Rescheduled: {topic}",
                "Accepted: {topic} @ {day} {time}",
            ]
        )
        body = compose(
            "{sender} {last_name} has invited you to: {topic}",
            "When: {day}, {time} - {end}\nWhere: {room} / Tandem video call\nOrganiser: {sender} {last_name}",
            r.pick(
                [
                    "Agenda: updates, blockers, next steps.",
                    "Please come with your top three priorities.",
                    "Notes doc is linked in the invitation.",
                    "",
                ]
            ),
            "Going? Yes - Maybe - No\nView in Tandem Calendar: tandem.work/calendar/event/{event}",
        )
    else:
        subject, text = r.pick(
            [
                (
                    "Can we move {topic}?",
                    "Would it be OK to move {topic} to {day} at {time}? Something came up with {client}.",
                ),
                ("Quick sync this week?", "Are you free for a quick sync on {day}? Half an hour is enough."),
                ("Running 10 min late", "I'm running about ten minutes late, start without me and I'll catch up."),
                (
                    "Availability for the {client} call",
                    "{client} asked for a call next week. Could you do {day} at {time}?",
                ),
                ("Lunch next week?", "Fancy lunch {day}? The new place on the corner does a decent ramen."),
                ("Re: time for {topic}", "{day} at {time} works for me. Shall we do it in person?"),
            ]
        )
        body = compose(
            r.pick(GREET_NAME[:6]),
            text,
            r.pick(
                [
                    "I've booked {room} just in case.",
                    "If that doesn't work, send me two slots that do.",
                    "No worries if not, we can do it async.",
                    "I'll send an invite once you confirm.",
                    "",
                ]
            ),
            r.pick(["Thanks,\n{sender}", "{sender}", "Cheers,\n{sender}", "Best,\n{sender}"]),
        )
    return Email(f"{first} {last}", address, fill(subject, s), fill(body, s))


def ham_order_confirmation(r: _R, c: dict) -> Email:
    shop = r.pick(SHOPS)
    items = r.sample(shop["items"], r.int(1, 3))
    cur = r.pick(["£", "€", "$"])
    prices = [float(r.money(6, 180)) for _ in items]
    ship = r.pick([0.0, 3.95, 4.99])
    total = sum(prices) + ship
    lines = "\n".join(f"{item}  {cur}{price:.2f}" for item, price in zip(items, prices))
    s = dict(
        c,
        shop=shop["name"],
        domain=shop["domain"],
        order=f"{r.int(1, 9)}{r.digits(7)}",
        lines=lines,
        ship="Free" if ship == 0 else f"{cur}{ship:.2f}",
        total=f"{cur}{total:.2f}",
        last4=r.digits(4),
        eta=_date_words(c["date"], r.int(2, 5)),
    )
    subject = r.pick(
        [
            "Your {shop} order #{order} is confirmed",
            "Receipt for your purchase",
            "Thanks for your order!",
            "Order confirmation #{order}",
            "We've got your order, {first}",
            "{shop}: order received",
        ]
    )
    body = compose(
        r.pick(GREET_NAME[:3] + ["Thanks for shopping with us, {first}!"]),
        r.pick(
            [
                "We've received your order and we're getting it ready.",
                "Thanks for your order. Here's your receipt.",
                "Your order is confirmed. We'll email you again when it ships.",
            ]
        ),
        "Order #{order}\n{lines}\nDelivery: {ship}\nTotal: {total} (paid with card ending {last4})",
        r.pick(
            ["Estimated delivery: {eta}.", "We'll let you know when it's on its way (usually within 2 working days)."]
        ),
        r.pick(
            [
                "View or change your order: {domain}/account/orders/{order}",
                "Manage your order in your account at {domain}.",
                "Need help? Visit {domain}/help or reply to this email.",
            ]
        ),
        r.pick(["{shop}", "Thanks,\nThe {shop} team", "© 2025 {shop}"]),
    )
    return Email(
        shop["name"],
        r.pick(["orders", "no-reply", "receipts", "hello"]) + "@" + shop["domain"],
        fill(subject, s),
        fill(body, s),
    )


def ham_shipping_notice(r: _R, c: dict) -> Email:
    """Real delivery notices; subtle ones ask for import charges (real carriers do)."""
    carrier = r.pick(CARRIERS)
    shop = r.pick(SHOPS)
    cur = r.pick(["€", "£", "$"])
    tracking = f"{carrier['prefix']}{r.digits(9)}{carrier['suffix']}"
    s = dict(
        c,
        carrier=carrier["name"],
        domain=carrier["domain"],
        shop=shop["name"],
        tracking=tracking,
        hub=r.pick(HOME_CITIES),
        eta=_date_words(c["date"], r.int(0, 3)),
        slot=r.pick(["9:00 and 13:00", "11:30 and 12:30", "14:00 and 18:00", "7:00 and 21:00"]),
        pickup=r.pick(["the Spar on Station Road", "your local post office", "the Parcel Point at Hill Street News"]),
        code=r.digits(6),
        driver=r.pick(["Marek", "Ade", "Jess", "Tomasz", "Lee"]),
        fee=f"{cur}{r.pick(['1.45', '2.99', '3.20', '4.15', '8.72', '11.60', '6.05'])}",
        days=r.pick(["14", "10", "7"]),
        pay_link=f"{r.pick(['', 'https://'])}{carrier['domain']}/{r.pick(['pay', 'charges', 'fees'])}/{tracking}",
    )
    if c["subtle"]:
        subject = r.pick(CHARGES_SUBJECTS)
        body = compose(
            r.pick(GREET_NAME[:3] + ["Hello,"]),
            r.pick(CHARGES_OPENINGS),
            r.pick(CHARGES_PAY),
            r.pick(CHARGES_AFTER),
            r.pick(["{carrier}", "Thanks,\n{carrier} Customer Service"]),
        )
        return Email(
            carrier["name"],
            r.pick(["no-reply", "updates", "tracking"]) + "@" + carrier["domain"],
            fill(subject, s),
            fill(body, s),
        )
    from_shop = r.chance(0.35)
    kind = r.int(0, 3)
    subject = [
        r.pick(["Your order has shipped", "Your {shop} order is on its way", "It's on the way!"]),
        r.pick(["Out for delivery today", "Your parcel {tracking} arrives {eta}", "Arriving today: {tracking}"]),
        r.pick(
            ["Delivered: your parcel is at the front door", "Your parcel was delivered", "Delivered to your safe place"]
        ),
        r.pick(["We missed you: we'll try again", "Ready for collection: {tracking}", "Sorry we missed you"]),
    ][kind]
    progress = [
        "Your {shop} order is on its way with {carrier}. Tracking number: {tracking}.",
        "Your parcel {tracking} is out for delivery today.",
        "Your parcel {tracking} was delivered at {time} and left {where}.",
        "We tried to deliver your parcel {tracking} today, but nobody was home.",
    ][kind]
    detail = [
        r.pick(
            [
                "Estimated delivery: {eta}, between {slot}.",
                "Expected: {eta}. You'll get a one-hour window on the morning of delivery.",
            ]
        ),
        r.pick(["Your driver is {driver}. Estimated arrival between {slot}.", "Estimated arrival between {slot}."]),
        r.pick(
            [
                "A photo of where we left it is in the {carrier} app.",
                "Not where you expected? Let us know within 48 hours.",
            ]
        ),
        r.pick(
            [
                "We'll try again on {eta}. If you're out again, we'll take it to {pickup}.",
                "It can be collected from {pickup} from {eta}. Bring photo ID and this code: {code}.",
            ]
        ),
    ][kind]
    s.update(
        time=f"{r.int(8, 19)}:{r.pick(['05', '17', '32', '48'])}",
        where=r.pick(
            ["at the front door", "with a neighbour at no. 12", "in your safe place (porch)", "in the parcel box"]
        ),
    )
    body = compose(
        r.pick(GREET_NAME[:3] + ["Hello,", "Hi there,"]),
        progress,
        detail,
        r.pick(REAL_SHIP_HELP),
        r.pick(["Thanks,\nThe {shop} team", "Happy unboxing!\n{shop}"])
        if from_shop
        else r.pick(["{carrier}", "Thanks,\n{carrier} Customer Service", "{carrier} - delivering since 1998"]),
    )
    if from_shop:
        sender = (shop["name"], r.pick(["shipping", "orders", "no-reply"]) + "@" + shop["domain"])
    else:
        sender = (
            carrier["name"],
            r.pick(["no-reply", "updates", "tracking"])
            + "@"
            + r.pick([carrier["domain"], "mail." + carrier["domain"]]),
        )
    return Email(sender[0], sender[1], fill(subject, s), fill(body, s))


def ham_newsletter(r: _R, c: dict) -> Email:
    """Newsletters the reader subscribed to; subtle ones are heavy with sponsors and offers."""
    news = r.pick(NEWSLETTERS)
    n = r.int(40, 220)
    topics = NEWSLETTER_TOPICS[news["name"]]
    picks = r.sample(topics, 3)
    s = dict(
        c,
        news=news["name"],
        domain=news["domain"],
        n=n,
        t1=picks[0],
        t2=picks[1],
        t3=picks[2],
        season=r.pick(SEASONS),
        pct=r.pick(["10", "15", "20", "30"]),
        code=r.letters(5),
        sponsor=r.pick(["Quire Books", "PixelPeak Electronics", "Kestrel Outfitters", "Copperpot Kitchen"]),
    )
    subject = r.pick(
        [
            "{news} #{n}: {t1}",
            "This week: {t1}, {t2} and more",
            "{news} | {t1}",
            "Issue {n}: {t1}",
            "{t1} (and {t2})",
            "Your {news} update",
        ]
    )
    intro = r.pick(
        [
            "Welcome to issue {n}. This week: {t1}, {t2}, and {t3}.",
            "Hello again! Here's what's been happening.",
            "Thanks for reading. A short one this week.",
            "Hi {first}, here's your weekly round-up.",
        ]
    )
    sections = "\n".join(
        f"- {t}: "
        + r.pick(
            [
                "read more at {domain}/" + "-".join(re.findall(r"[a-z0-9]+", t.lower())[:4]),
                "details inside",
                "link below",
                "our favourite this month",
            ]
        )
        for t in picks
    )
    if c["subtle"]:
        sponsor = compose(
            r.pick(
                [
                    "SPONSORED: {sponsor} is offering {pct}% off for readers with code {code}. Limited time only!",
                    "A word from our sponsor: {sponsor}'s {season} sale is on, up to {pct}% off. Don't miss out!",
                    "Exclusive reader offer: {pct}% off at {sponsor} with code {code}, this week only.",
                ]
            ),
            r.pick(
                [
                    "Members' offer: {pct}% off club kit this month.",
                    "Supporters get early access to workshop tickets.",
                    "Win a free ticket to our next event: reply to this email to enter!",
                ]
            ),
        )
    else:
        sponsor = r.pick(
            [
                "",
                "",
                "Sponsored: {sponsor} is offering {pct}% off data science titles with code {code}.",
                "Members' offer: {pct}% off club kit this month.",
                "Supporters get early access to workshop tickets.",
            ]
        )
    footer = r.pick(
        [
            "You're receiving this because you subscribed at {domain}. Unsubscribe or change how often you hear from us: {domain}/preferences",
            "You signed up for {news} at {domain}. Unsubscribe: {domain}/unsubscribe",
            "Not interested any more? You can unsubscribe with one click at {domain}/u.",
        ]
    )
    body = compose(
        r.pick(["Hi {first},", "Hello,", "Dear members,", "Hi everyone,", ""]),
        intro,
        sections,
        sponsor,
        r.pick(["See you next week,\n{news}", "Happy reading!", "Thanks for being part of it.", ""]),
        footer,
    )
    return Email(
        news["from"],
        r.pick(["newsletter", "hello", "news", "digest"]) + "@" + news["domain"],
        fill(subject, s),
        fill(body, s),
    )


def ham_retail_promotion(r: _R, c: dict) -> Email:
    """Promotions from shops the reader has an account with: real, wanted, and very promotional."""
    shop = r.pick(SHOPS)
    s = dict(
        c,
        shop=shop["name"],
        domain=shop["domain"],
        pct=r.pick(["15", "20", "25", "30", "40", "50"]),
        category=r.pick(PROMO_CATEGORIES),
        season=r.pick(SEASONS),
        code=r.letters(4) + r.digits(2),
        item=r.pick(shop["items"]),
        points=f"{r.int(3, 40) * 50:,}",
        ends=_date_words(c["date"], r.int(1, 5)),
        value=r.pick(["£5", "€10", "$10", "£15"]),
        rewards_link=f"{shop['domain']}/{r.pick(['rewards', 'account/points', 'account/rewards'])}",
    )
    if r.chance(0.2):  # a loyalty-points reminder
        subject = r.pick(POINTS_SUBJECTS)
        body = compose(
            r.pick(GREET_NAME[:3]), r.pick(POINTS_BODIES), "Redeem your points: {rewards_link}", r.pick(PROMO_FOOTERS)
        )
    else:
        subject = r.pick(PROMO_SUBJECTS)
        body = compose(
            r.pick(GREET_NAME[:3] + ["Hello,", "Hi there,"]),
            r.pick(PROMO_LOUD if c["subtle"] else PROMO_HOOKS),
            r.pick(PROMO_MIDDLE),
            r.pick(PROMO_CTA),
            r.pick(["Offer ends {ends} at 23:59. Exclusions apply.", "While stocks last.", ""]),
            r.pick(PROMO_FOOTERS),
        )
    return Email(
        shop["name"],
        r.pick(["news", "hello", "offers", "members"]) + "@" + r.pick([shop["domain"], "email." + shop["domain"]]),
        fill(subject, s),
        fill(body, s),
    )


def ham_password_reset(r: _R, c: dict) -> Email:
    """Resets the reader asked for; subtle ones are the company IT's password-expiry reminders."""
    brand = r.pick(ACCOUNT_BRANDS)
    s = dict(
        c,
        brand=brand["name"],
        domain=brand["domain"],
        app=brand["app"],
        code=r.digits(6),
        reset_link=f"https://{brand['domain']}/{r.pick(['reset?token=', 'password/reset/'])}{r.token(16)}",
        minutes=r.pick(["15", "30", "60"]),
        device=r.pick(DEVICES),
        when=_date_words(c["date"], 0),
        days=r.pick(["3", "5", "7", "10"]),
        it=r.pick(["Gareth Evans", "Nadia Haddad", "the IT team"]),
    )
    if c["subtle"]:
        subject = r.pick(
            [
                "Your password expires in {days} days",
                "Password expiry reminder",
                "Action needed: change your password",
                "Reminder: your Fernhill password expires soon",
            ]
        )
        body = compose(
            r.pick(GREET_NAME[:3] + ["Hello,"]),
            r.pick(
                [
                    "The password for your Fernhill account ({email}) expires in {days} days.",
                    "Your network password will expire in {days} days. After that you won't be able to sign in until it is reset.",
                ]
            ),
            r.pick(
                [
                    "Change it now from the Tandem sign-in page: press Ctrl+Alt+Del on your laptop, or go to tandem.work/account/password.",
                    "To avoid being locked out, change it before it expires at tandem.work/account/password (you'll need your authenticator app).",
                    "Change it on your laptop (Settings > Accounts > Change password). IT will never ask for your password.",
                ]
            ),
            r.pick(["Thanks,\n{it}, IT", "IT Service Desk", "Cheers,\n{it}"]),
        )
        return Email(
            r.pick(["IT Service Desk", "Fernhill IT"]),
            r.pick(["it", "servicedesk", "it-support"]) + "@" + COMPANY_DOMAIN,
            fill(subject, s),
            fill(body, s),
        )
    kind = r.int(0, 2)
    if kind == 0:
        subject = r.pick(RESET_SUBJECTS)
        middle = r.pick(RESET_LINK_BODIES)
    elif kind == 1:
        subject = r.pick(
            ["Your {brand} verification code: {code}", "Your password reset code", "{code} is your {brand} code"]
        )
        middle = r.pick(
            [
                "Your code to reset your password is {code}. It expires in {minutes} minutes.",
                "Enter this code in {app} to continue: {code}",
                "Use {code} to confirm it's you. Don't share this code with anyone, including {brand} staff.",
            ]
        )
    else:
        subject = r.pick(
            ["Your {brand} password was changed", "Password changed successfully", "Your password has been updated"]
        )
        middle = r.pick(
            [
                "The password for your {brand} account was changed on {when} from a {device}.",
                "This is a confirmation that you changed your password on {when}.",
            ]
        )
    body = compose(
        r.pick(GREET_NAME[:3] + ["Hello,"]),
        middle,
        r.pick(RESET_IGNORE),
        r.pick(["Thanks,\nThe {brand} team", "{brand} Accounts", "{brand}"]),
    )
    return Email(
        brand["name"],
        r.pick(["no-reply", "accounts", "security"]) + "@" + brand["domain"],
        fill(subject, s),
        fill(body, s),
    )


def ham_security_alert(r: _R, c: dict) -> Email:
    """Real security notices; subtle ones have a link and an urgent tone, like the phishing that copies them."""
    brand = r.pick(ACCOUNT_BRANDS)
    city, country = r.pick(CITIES[-2:] + [(r.pick(HOME_CITIES), "United Kingdom")] * 3)
    s = dict(
        c,
        brand=brand["name"],
        domain=brand["domain"],
        thing=brand["thing"],
        app=brand["app"],
        city=city,
        country=country,
        device=r.pick(DEVICES),
        when=_date_words(c["date"], 0),
        hour=f"{r.int(6, 23):02d}",
        minute=f"{r.int(0, 59):02d}",
        code=r.digits(6),
        secure_link=f"{r.pick(['', 'https://'])}{brand['domain']}/{r.pick(['security', 'account/security', 'activity'])}",
    )
    kind = 0 if c["subtle"] else r.int(0, 3)
    if kind <= 1:
        subject = r.pick(SIGNIN_SUBJECTS)
        help_line = r.pick(SIGNIN_HELP_LINK) if c["subtle"] else r.pick(REAL_SIGNIN_HELP)
        extra = (
            r.pick(
                [
                    "For your protection, some features are limited until you confirm it was you.",
                    "Please review this activity as soon as possible.",
                    "",
                ]
            )
            if c["subtle"]
            else ""
        )
        body = compose(
            r.pick(GREET_NAME[:3] + ["Hello,"]),
            r.pick(SIGNIN_OPENINGS),
            r.pick(SIGNIN_DETAILS),
            r.pick(REAL_SIGNIN_ADVICE),
            help_line,
            extra,
            r.pick(SECURITY_SIGNOFFS),
        )
    elif kind == 2:
        subject, text = r.pick(
            [
                (
                    "Two-step verification is on",
                    "Two-step verification is now turned on for your {brand} account. From now on you'll enter a code when you sign in on a new device.",
                ),
                ("Recovery email updated", "The recovery email for your {brand} account was updated on {when}."),
                (
                    "Your {brand} sign-in code",
                    "Your sign-in code is {code}. It expires in 10 minutes. {brand} will never call you to ask for it.",
                ),
                (
                    "Your {brand} security settings changed",
                    "You changed the security settings of your {brand} account on {when}.",
                ),
            ]
        )
        body = compose(r.pick(GREET_NAME[:3] + ["Hello,"]), text, r.pick(REAL_SIGNIN_HELP), r.pick(SECURITY_SIGNOFFS))
    else:
        subject = r.pick(["Unusual activity on your card", "Please confirm a recent payment", "We declined a payment"])
        body = compose(
            r.pick(GREET_NAME[:3]),
            r.pick(
                [
                    "We declined a card payment of {cur}{amount} at {merchant} on {when} because it looked unusual.",
                    "We noticed a payment of {cur}{amount} to {merchant} that doesn't match your usual spending.",
                ]
            ),
            r.pick(
                [
                    "Please confirm whether it was you in {app} (Notifications > Card activity). We will never ask you to click a link or share your PIN.",
                    "If it was you, reply Y to the text message we sent. If not, call us on the number on the back of your card.",
                ]
            ),
            "{brand} Fraud Prevention",
        )
        s.update(
            cur=r.pick(["£", "€", "$"]),
            amount=r.money(40, 900),
            merchant=r.pick(
                ["an online electronics shop", "a travel agent abroad", "a gaming site", "a petrol station in Leeds"]
            ),
        )
    return Email(
        fill(r.pick(["{brand}", "{brand} Security", "{brand} Accounts"]), s),
        r.pick(["no-reply", "security", "alerts", "account-security"]) + "@" + brand["domain"],
        fill(subject, s),
        fill(body, s),
    )


def ham_bank_statement(r: _R, c: dict) -> Email:
    bank = r.pick(BANKS)
    month = MONTHS[(c["date"].month - 2) % 12]
    s = dict(
        c,
        bank=bank["name"],
        domain=bank["domain"],
        month=month,
        last4=r.digits(4),
        cur=r.pick(["£", "€"]),
        amount=r.money(25, 1800),
        due=_date_words(c["date"], r.int(5, 20)),
        employer=COMPANY,
    )
    kind = r.int(0, 3)
    subject = [
        r.pick(
            [
                "Your {month} statement is ready",
                "{bank}: e-statement available",
                "New statement for account ending {last4}",
            ]
        ),
        r.pick(["Your credit card payment is due on {due}", "Payment reminder: card ending {last4}"]),
        r.pick(["Money in: salary received", "Direct deposit received", "You've been paid"]),
        r.pick(["Your monthly account summary", "Your {month} spending summary"]),
    ][kind]
    middle = [
        "Your statement for account ending {last4} is ready to view. Sign in to online banking or the {bank} app to see it.",
        "Your minimum payment of {cur}{amount} on the card ending {last4} is due on {due}. If you've set up a direct debit, there's nothing to do.",
        "A payment of {cur}{amount} from {employer} has been paid into your account ending {last4}.",
        "In {month} you spent {cur}{amount} across 4 categories. Groceries were your biggest category. See the breakdown in the app.",
    ][kind]
    body = compose(
        r.pick(GREET_FORMAL),
        middle,
        r.pick(
            [
                "For your security, we never include links to sign in. Open the app or type {domain} into your browser.",
                "We will never ask for your password, PIN or one-time codes by email.",
                "Questions? Call us on the number on the back of your card.",
            ]
        ),
        r.pick(["Kind regards,\n{bank}", "{bank} Customer Service", "{bank}"]),
        r.pick(
            [
                "{bank} plc is authorised and regulated by the financial regulator. Registered office: 1 Lumen Square, London.",
                "This is a service email. You can't unsubscribe from messages about your account.",
                "",
            ]
        ),
    )
    return Email(
        bank["name"],
        r.pick(["statements", "no-reply", "alerts", "service"]) + "@" + bank["domain"],
        fill(subject, s),
        fill(body, s),
    )


def ham_personal(r: _R, c: dict) -> Email:
    first, last = r.pick(FRIENDS)
    s = dict(
        c,
        sender=first,
        rel=r.pick(FAMILY_WORDS),
        day=r.pick(WEEKDAYS[4:]),
        place=r.pick(DESTINATIONS + HOME_CITIES),
        album=f"cirrusdrive.com/s/{r.token(10)}",
        time=r.pick(["7", "7:30", "8", "12:30"]),
        dish=r.pick(["the lemon pasta", "your lentil soup", "that chickpea curry", "the banana bread"]),
        band=r.pick(["the Wombats", "a jazz trio", "the folk night at the Crown", "the comedy night"]),
    )
    subject, text = r.pick(
        [
            ("Photos from the weekend!", "It was so good to see you last weekend. I've put the photos here: {album}"),
            (
                "{rel}'s birthday: ideas?",
                "{rel}'s birthday is coming up and I have no idea what to get. Any ideas? Maybe we could go halves?",
            ),
            (
                "Re: are you coming on {day}?",
                "Are you still coming on {day}? We're thinking dinner at ours around {time}.",
            ),
            (
                "Recipe you asked for",
                "Here's {dish} recipe you asked about. The trick is to go easy on the salt and add the lemon at the end.",
            ),
            (
                "Moving house: new address",
                "We finally moved! The new address is 14 Alder Close; the old one will forward post until the end of the month.",
            ),
            (
                "Long time no see",
                "Sorry it's been ages. Work has been mad, but I'll be in town next month and would love to catch up.",
            ),
            (
                "Quick favour?",
                "Could you water the plants while we're away in {place}? The key is with the neighbours.",
            ),
            ("Thank you!!", "Thank you so much for the present, the kids haven't stopped playing with it."),
            ("Tickets for {day}", "I've got two spare tickets for {band} on {day}. Want to come?"),
            ("Re: holiday in {place}", "{place} was amazing. I'll send you the name of the guesthouse, you'd love it."),
        ]
    )
    body = compose(
        r.pick(["Hi {first}!", "Hey {first},", "{first}!", "Hiya,", "Hi lovely,", "Dear {first},"]),
        text,
        r.pick(
            [
                "The little one says hi. She's learned to ride her bike without stabilisers!",
                "Let me know what works for you, no pressure.",
                "Also, did you ever find out about the flat?",
                "How's the new job going?",
                "",
                "",
            ]
        ),
        r.pick(["Love,\n{sender}", "x {sender}", "{sender}", "Speak soon,\n{sender}", "Hugs,\n{sender} x"]),
    )
    return Email(
        f"{first} {last}",
        _addr(first, last, r.pick(["orbitmail.com", "postbox.net", "kitemail.org"]), r),
        fill(subject, s),
        fill(body, s),
    )


def ham_hr_announcement(r: _R, c: dict) -> Email:
    s = dict(
        c,
        company=COMPANY,
        day=_date_words(c["date"], r.int(3, 12)),
        holiday=r.pick(["Easter Monday", "the early May bank holiday", "the spring bank holiday", "Good Friday"]),
        new1=" ".join(r.pick(FRIENDS)),
        new2=" ".join(r.pick(FRIENDS)),
        team=r.pick(["Data Engineering", "Analytics", "Client Services"]),
        hr=r.pick(["Rachel Adams", "Tunde Bakare", "Ines Moreau"]),
    )
    subject, text = r.pick(
        [
            (
                "Open enrolment for benefits starts {day}",
                "Benefits open enrolment runs from {day} for two weeks. You can change your pension contribution and health cover in the HR portal.",
            ),
            (
                "Office closed on {holiday}",
                "A reminder that the office will be closed on {holiday}. Enjoy the long weekend!",
            ),
            (
                "Reminder: submit your timesheet",
                "Please submit your timesheets for this month by {day} so payroll can run on time.",
            ),
            (
                "Welcome our new team members",
                "Please join us in welcoming {new1} and {new2}, who join the {team} team this month.",
            ),
            (
                "Updated travel and expense policy",
                "We've updated the travel and expense policy. The main change: train journeys over two hours can now be booked in first class.",
            ),
            (
                "Summer social: save the date",
                "Our summer social will be on {day} in the garden. Partners welcome; let us know about dietary needs.",
            ),
            (
                "Annual reviews: timeline",
                "Annual reviews start next month. Your manager will book a slot with you; self-assessments are due by {day}.",
            ),
            (
                "Fire drill on {day}",
                "There will be a fire drill on {day} at 11:00. Please leave by the nearest exit and meet at the car park.",
            ),
        ]
    )
    body = compose(
        r.pick(["Hi everyone,", "Dear all,", "Hello team,", "Hi all,"]),
        text,
        r.pick(
            [
                "The full details are on the intranet under People > Policies.",
                "Questions? Just reply to this email.",
                "Thanks for your help!",
                "",
            ]
        ),
        r.pick(["Best,\n{hr}\nPeople Team", "Thanks,\nThe People Team", "{hr}, People & Culture"]),
    )
    return Email(
        r.pick(["People Team", "HR", s["hr"]]),
        r.pick(["people", "hr", "office"]) + "@" + COMPANY_DOMAIN,
        fill(subject, s),
        fill(body, s),
    )


def ham_invoice_real(r: _R, c: dict) -> Email:
    """Real bills; subtle ones are overdue reminders with a payment link, like the fraud that copies them."""
    biller = r.pick(BILLERS)
    cur = r.pick(["£", "€", "$"])
    s = dict(
        c,
        biller=biller["name"],
        domain=biller["domain"],
        what=biller["what"],
        unit=biller["unit"],
        cur=cur,
        amount=r.money(18, 240),
        inv=f"{r.letters(2)}-{r.digits(7)}",
        due=_date_words(c["date"], r.int(-3, 21)),
        month=MONTHS[(c["date"].month - 2) % 12],
        account=r.digits(8),
        last4=r.digits(4),
        usage=r.int(*biller["usage"]),
        fee=r.pick(["12", "15", "25"]),
        pay_link=f"{r.pick(['', 'https://'])}{biller['domain']}/{r.pick(['billing', 'pay', 'account/billing'])}",
    )
    if c["subtle"]:
        subject, body = _bill_with_link(r)
    else:
        subject = r.pick(BILL_SUBJECTS + ["Payment received, thank you"])
        paid = subject.startswith("Payment received")
        body = compose(
            r.pick(GREET_FORMAL + ["Hello,"]),
            "Thanks, we've received your payment of {cur}{amount}." if paid else r.pick(BILL_OPENINGS),
            r.pick(INVOICE_LINES + [BILL_USAGE_LINES]) if not paid else "Reference: {inv}\nAccount number: {account}",
            "No payment is needed: you're all paid up."
            if paid
            else r.pick(
                [
                    "We'll collect this by direct debit on or just after {due}; there's nothing you need to do.",
                    "It will be charged to your card ending {last4} on {due}.",
                    "You can view and download the PDF in your account at {domain}/billing.",
                ]
            ),
            r.pick(["Thanks for being a {biller} customer.", "Kind regards,\n{biller} Billing", "{biller}"]),
            r.pick(["{biller} Ltd, registered in England and Wales. This is a service message.", ""]),
        )
    return Email(
        fill(r.pick(["{biller}", "{biller} Billing"]), s),
        r.pick(["billing", "no-reply", "invoices"]) + "@" + biller["domain"],
        fill(subject, s),
        fill(body, s),
    )


def ham_travel_booking(r: _R, c: dict) -> Email:
    carrier, domain, prefix, mode = r.pick(AIRLINES)
    s = dict(
        c,
        carrier=carrier,
        domain=domain,
        dest=r.pick(DESTINATIONS),
        ref=r.letters(6),
        number=f"{prefix}{r.int(100, 999)}",
        day=_date_words(c["date"], r.int(3, 40)),
        time=f"{r.int(6, 21):02d}:{r.pick(['05', '20', '35', '50'])}",
        hotel=r.pick(HOTELS),
        nights=r.int(2, 6),
        cur=r.pick(["£", "€"]),
        price=r.money(60, 480),
        mode=mode,
        seat=f"{r.int(3, 31)}{r.pick('ABCDEF')}",
    )
    if r.chance(0.35):
        subject = r.pick(
            ["Booking confirmed: {hotel}, {dest}", "Your stay at {hotel}", "Reservation {ref} is confirmed"]
        )
        body = compose(
            r.pick(GREET_FORMAL),
            "Your booking at {hotel} in {dest} is confirmed.",
            "Check-in: {day}, from 15:00\nNights: {nights}\nConfirmation: {ref}\nTotal: {cur}{price} (pay at the property)",
            r.pick(
                [
                    "Free cancellation until 48 hours before arrival.",
                    "The property has been notified of your arrival time.",
                    "Manage your booking at stayfinder.com/trips/{ref}.",
                ]
            ),
            "Have a great trip!\nStayfinder",
        )
        return Email("Stayfinder", "bookings@stayfinder.com", fill(subject, s), fill(body, s))
    subject, text = r.pick(
        [
            (
                "Your {mode} confirmation: {ref}",
                "Thank you for booking with {carrier}. Your trip to {dest} is confirmed.",
            ),
            ("Check in now for your {mode} to {dest}", "Online check-in for {mode} {number} to {dest} is now open."),
            (
                "Your e-ticket for {dest}",
                "Your e-ticket is attached and in the {carrier} app. Show it on your phone or print it.",
            ),
            (
                "Itinerary change for booking {ref}",
                "The departure time of {mode} {number} has changed. Your new itinerary is below.",
            ),
        ]
    )
    body = compose(
        r.pick(GREET_FORMAL),
        text,
        "Booking reference: {ref}\n{carrier} {number} to {dest}\n{day}, departs {time}, seat {seat}",
        r.pick(
            [
                "Check in and get your boarding pass at {domain}/checkin or in the app.",
                "Luggage: one cabin bag up to 10 kg. Add more at {domain}/manage.",
                "If the new time doesn't work for you, you can change or cancel for free at {domain}/manage.",
            ]
        ),
        r.pick(["Have a good trip,\n{carrier}", "{carrier} Customer Service", "See you on board!\n{carrier}"]),
    )
    return Email(carrier, r.pick(["bookings", "no-reply", "tickets"]) + "@" + domain, fill(subject, s), fill(body, s))


def ham_appointment_reminder(r: _R, c: dict) -> Email:
    place, domain, what = r.pick(
        [
            ("Riverside Dental", "riversidedental.co.uk", "dental check-up"),
            ("Oakwood Medical Centre", "oakwoodmedical.co.uk", "appointment with Dr Shah"),
            ("Fernside Vets", "fernsidevets.com", "vaccination appointment for Biscuit"),
            ("Hillview Garage", "hillviewgarage.co.uk", "car service (MOT)"),
            ("Studio Nine Hair", "studionine.salon", "haircut with Jade"),
            ("Clearview Opticians", "clearviewoptics.com", "eye test"),
        ]
    )
    s = dict(
        c,
        place=place,
        domain=domain,
        what=what,
        day=_date_words(c["date"], r.int(1, 14)),
        time=r.pick(["8:40", "9:15", "11:00", "13:30", "16:45", "17:20"]),
        phone=f"0117 496 0{r.int(100, 999)}",
    )
    subject, text = r.pick(
        [
            ("Reminder: {what} on {day}", "This is a reminder of your {what} at {place} on {day} at {time}."),
            ("Your appointment is confirmed", "Thanks for booking. Your {what} is confirmed for {day} at {time}."),
            ("See you {day} at {time}", "Just a reminder that your {what} is on {day} at {time}."),
            (
                "Time to book your next {what}",
                "It's been a year since your last {what}. You can book online or call us.",
            ),
        ]
    )
    body = compose(
        r.pick(GREET_FORMAL + ["Hello {first},"]),
        text,
        r.pick(
            [
                "Please arrive five minutes early.",
                "If you need to cancel or rearrange, please give us 24 hours' notice on {phone}.",
                "Reply C to cancel or call {phone}.",
                "Book online at {domain}/book.",
            ]
        ),
        r.pick(["Kind regards,\n{place}", "{place} reception", "See you soon,\n{place}"]),
    )
    return Email(
        place, r.pick(["reception", "appointments", "noreply", "hello"]) + "@" + domain, fill(subject, s), fill(body, s)
    )


# --------------------------------------------------------------------------------------
# Families, annotators and the planted problems
# --------------------------------------------------------------------------------------
# family -> (function, relative weight within its class, on the spam/ham boundary?)
SPAM_FAMILIES = {
    "phishing_credentials": (spam_phishing_credentials, 3.0, True),
    "fake_invoice": (spam_fake_invoice, 2.0, True),
    "fake_delivery": (spam_fake_delivery, 2.0, True),
    "unsolicited_promo": (spam_unsolicited_promo, 2.4, True),
    "gift_card_survey": (spam_gift_card_survey, 1.2, True),
    "prize_lottery": (spam_prize_lottery, 0.8, False),
    "crypto_investment": (spam_crypto_investment, 0.9, False),
    "pharmacy": (spam_pharmacy, 0.8, False),
    "job_scam": (spam_job_scam, 0.9, False),
    "advance_fee": (spam_advance_fee, 0.7, False),
    "tech_support": (spam_tech_support, 0.8, False),
    "loan_debt": (spam_loan_debt, 0.8, False),
    "romance_dating": (spam_romance_dating, 0.7, False),
    "seo_cold_outreach": (spam_seo_cold_outreach, 0.9, False),
}
HAM_FAMILIES = {
    "security_alert": (ham_security_alert, 2.2, True),
    "password_reset": (ham_password_reset, 1.5, True),
    "shipping_notice": (ham_shipping_notice, 2.0, True),
    "invoice_real": (ham_invoice_real, 1.8, True),
    "retail_promotion": (ham_retail_promotion, 4.0, True),
    "newsletter": (ham_newsletter, 2.5, True),
    "work_thread": (ham_work_thread, 1.2, False),
    "meeting_scheduling": (ham_meeting_scheduling, 1.0, False),
    "order_confirmation": (ham_order_confirmation, 1.1, False),
    "bank_statement": (ham_bank_statement, 0.9, False),
    "personal": (ham_personal, 1.0, False),
    "hr_announcement": (ham_hr_announcement, 0.7, False),
    "travel_booking": (ham_travel_booking, 0.8, False),
    "appointment_reminder": (ham_appointment_reminder, 0.7, False),
}
FAMILIES = {**{k: (*v, "spam") for k, v in SPAM_FAMILIES.items()}, **{k: (*v, "ham") for k, v in HAM_FAMILIES.items()}}
# The test mail is from July and August, the season of summer sales: more shop promotions.
TEST_SEASON_BOOST = {"retail_promotion": 1.5}

# Share of each boundary family that is a subtle twin: spam that copies a real template word for
# word (only the domains differ), or real mail that sounds like spam (see the data card).
SUBTLE_SHARE = {
    "phishing_credentials": 0.6,
    "fake_invoice": 0.6,
    "fake_delivery": 0.6,
    "unsolicited_promo": 0.6,
    "gift_card_survey": 0.55,
    "security_alert": 0.5,
    "password_reset": 0.4,
    "shipping_notice": 0.4,
    "invoice_real": 0.5,
    "retail_promotion": 0.55,
    "newsletter": 0.5,
}
WORK_FAMILIES = {"work_thread", "meeting_scheduling", "hr_announcement", "seo_cold_outreach", "fake_invoice"}

# Who labeled the training pool, and their habits (see the data card).
ANNOTATORS = {"amara": 0.20, "boris": 0.45, "chen": 0.35}
# Chance of a wrong label, by how hard the email is: "subtle" twins, other "boundary" mail, the rest.
CAREFUL_SLIP = {"subtle": 0.03, "boundary": 0.01, "other": 0.0}  # amara
PROMO_LOVER_SLIP = {"subtle": 0.06, "boundary": 0.02, "other": 0.01}  # boris, besides calling every promotion spam
DRIFT_START = {"subtle": 0.05, "boundary": 0.02, "other": 0.01}  # chen in the first week ...
DRIFT_END = {"subtle": 0.85, "boundary": 0.15, "other": 0.05}  # ... and in the last (linear in between):
# late in the period chen judges by the look of an email, so a twin gets the label of what it imitates.


def _is_promotion(family: str, body: str) -> bool:
    """A shop's promotion, or a newsletter carrying an offer (what boris always calls spam)."""
    if family == "retail_promotion":
        return True
    return family == "newsletter" and bool(re.search(r"% off|offer|Sponsored|early access", body))


def _allocate(weights: dict, total: int) -> dict:
    """Largest-remainder split of ``total`` over families in proportion to their weights."""
    norm = sum(weights.values())
    raw = {k: total * w / norm for k, w in weights.items()}
    counts = {k: int(math.floor(v)) for k, v in raw.items()}
    left = total - sum(counts.values())
    for k in sorted(raw, key=lambda k: (-(raw[k] - counts[k]), k))[:left]:
        counts[k] += 1
    return counts


def _random_dates(r: _R, n: int, start: str, end: str) -> list[pd.Timestamp]:
    """Arrival times: mostly working hours on weekdays, some evenings and weekends."""
    days = pd.date_range(start, end, freq="D")
    weekday = np.array([d.day_of_week < 5 for d in days])
    p = np.where(weekday, 1.0, 0.35)
    picks = r.rng.choice(len(days), size=n, p=p / p.sum())
    out = []
    for i in picks:
        hour = int(r.rng.choice(np.arange(24), p=_HOURS))
        out.append(days[int(i)] + pd.Timedelta(hours=hour, minutes=r.int(0, 59)))
    return out


_HOURS = np.array([1, 1, 1, 1, 1, 2, 4, 8, 14, 16, 15, 14, 12, 13, 14, 14, 13, 11, 8, 7, 6, 5, 3, 2], dtype=float)
_HOURS /= _HOURS.sum()


def _recipient(r: _R, family: str) -> dict:
    first, last, personal = r.pick(STAFF)
    work = family in WORK_FAMILIES or (
        family in ("phishing_credentials", "password_reset", "security_alert") and r.chance(0.3)
    )
    email = f"{_plain(first)}.{_plain(last)}@{COMPANY_DOMAIN}" if work else personal
    return {"first": first, "last": last, "email": email}


def _make_emails(r: _R, counts: dict, dates: list, seen: set) -> list[dict]:
    rows = []
    plan = []  # (family, subtle): an exact share of each family's emails are subtle twins
    for family, n in counts.items():
        n_subtle = int(round(n * SUBTLE_SHARE.get(family, 0.0)))
        flags = [True] * n_subtle + [False] * (n - n_subtle)
        plan += [(family, flags[int(i)]) for i in r.rng.permutation(n)]
    plan = [plan[int(i)] for i in r.rng.permutation(len(plan))]
    for (family, subtle), date in zip(plan, dates):
        function, _, boundary, label = FAMILIES[family]
        for _attempt in range(50):
            context = dict(_recipient(r, family), date=date, subtle=subtle)
            email = function(r, context)
            body = _typographic(email.body) if r.chance(0.45) else email.body
            subject = _typographic(email.subject) if r.chance(0.2) else email.subject
            key = " ".join(body.lower().split())
            if key not in seen:
                seen.add(key)
                break
        else:
            raise RuntimeError(f"could not make a new distinct email for {family}")
        rows.append(
            {
                "date": date,
                "sender_name": email.sender_name,
                "sender_address": email.sender_address,
                "subject": subject,
                "body": body,
                "true_label": label,
                "family": family,
                "boundary": boundary,
                "subtle": subtle,
            }
        )
    return sorted(rows, key=lambda row: row["date"])


def _assign_annotators(r: _R, rows: list[dict]) -> list[str]:
    """Each family's emails split between the annotators in the shares of ANNOTATORS (in random order)."""
    out = [""] * len(rows)
    for family in FAMILIES:
        where = [i for i, row in enumerate(rows) if row["family"] == family]
        counts = _allocate(ANNOTATORS, len(where))
        names = [name for name, k in counts.items() for _ in range(k)]
        for i, j in zip(where, r.rng.permutation(len(where))):
            out[i] = names[int(j)]
    return out


def _annotate(r: _R, row: dict, t: float, annotator: str | None = None) -> tuple[str, str, str]:
    """(annotator, given label, why it is wrong or '') for one training email; t in [0, 1] is when it was labeled."""
    if annotator is None:
        names = list(ANNOTATORS)
        annotator = names[int(r.rng.choice(len(names), p=list(ANNOTATORS.values())))]
    where = "subtle" if row["subtle"] else "boundary" if row["boundary"] else "other"
    true = row["true_label"]
    wrong = "ham" if true == "spam" else "spam"
    if annotator == "boris" and _is_promotion(row["family"], row["body"]):
        return annotator, "spam", "boris_promotion"
    if annotator == "amara":
        p, cause = CAREFUL_SLIP[where], "amara_slip"
    elif annotator == "boris":
        p, cause = PROMO_LOVER_SLIP[where], "boris_slip"
    else:
        p = DRIFT_START[where] + (DRIFT_END[where] - DRIFT_START[where]) * t
        cause = "chen_drift"
    if r.chance(p):
        return annotator, wrong, cause
    return annotator, true, ""


def _forward(r: _R, row: dict) -> dict:
    first, last, address = r.pick(
        [(given, family, _addr(given, family, COMPANY_DOMAIN, r)) for given, family in COLLEAGUES[:10]]
    )
    prefix = r.pick(["Fwd: ", "FW: ", "Fw: ", "Fwd: "])
    note = r.pick(
        [
            "",
            "",
            "FYI",
            "Is this legit?",
            "See below.",
            "Forwarding in case it's useful.",
            "Did you get this too?",
            "For the expenses folder.",
        ]
    )
    stamp = row["date"].strftime("%a, %d %b %Y at %H:%M")
    header = (
        f"---------- Forwarded message ---------\nFrom: {row['sender_name']} <{row['sender_address']}>\n"
        f"Date: {stamp}\nSubject: {row['subject']}\n"
    )
    body = (note + "\n\n" if note else "") + header + "\n" + row["body"]
    return dict(
        row,
        sender_name=f"{first} {last}",
        sender_address=address,
        subject=prefix + row["subject"],
        body=body,
        date=row["date"] + pd.Timedelta(hours=r.int(1, 72), minutes=r.int(0, 59)),
    )


def mojibake(text: str) -> str:
    """UTF-8 text decoded as Windows-1252 by mistake ("don’t" -> "donâ€™t")."""
    return text.encode("utf-8").decode("cp1252")


def _check_damage_repairable(text: str) -> None:
    assert mojibake(text).encode("cp1252").decode("utf-8") == text


def generate() -> dict[str, pd.DataFrame]:
    rng = np.random.default_rng(SEED)
    r = _R(rng)
    seen: set = set()
    spam_w = {k: v[1] for k, v in SPAM_FAMILIES.items()}
    ham_w = {k: v[1] for k, v in HAM_FAMILIES.items()}

    # -- the training pool: distinct emails, labeled by one annotator each --------------------
    train_counts = {**_allocate(spam_w, N_TRAIN_BASE // 2), **_allocate(ham_w, N_TRAIN_BASE // 2)}
    base = _make_emails(r, train_counts, _random_dates(r, N_TRAIN_BASE, TRAIN_START, TRAIN_END), seen)
    start, end = pd.Timestamp(TRAIN_START), pd.Timestamp(TRAIN_END) + pd.Timedelta(days=1)
    for row, annotator in zip(base, _assign_annotators(r, base)):
        t = (row["date"] - start) / (end - start)
        row["annotator"], row["label"], row["noise_cause"] = _annotate(r, row, float(t), annotator)
        row.update(issue="", duplicate_of="", note="")

    # -- planted data problems, each on distinct rows -------------------------------------------
    n = len(base)
    order = [int(i) for i in rng.permutation(n)]
    exact_src = order[:N_EXACT_DUPLICATES]
    fwd_src = order[N_EXACT_DUPLICATES : N_EXACT_DUPLICATES + N_FORWARDED]
    rest = order[N_EXACT_DUPLICATES + N_FORWARDED :]
    empty_rows = rest[:N_EMPTY_BODY]
    rest = rest[N_EMPTY_BODY:]
    non_ascii = [i for i in rest if any(marker in mojibake(base[i]["body"]) for marker in ("Ã", "Â", "â€"))]
    mojibake_rows = non_ascii[:N_MOJIBAKE]
    base64_rows = [i for i in rest if i not in set(mojibake_rows)][:N_BASE64]

    for i in empty_rows:
        base[i]["body"] = r.pick(["", "", "", " ", "\n"])
        base[i].update(issue="empty_body", note="body lost on export")
    for i in mojibake_rows:
        _check_damage_repairable(base[i]["body"])
        base[i]["body"] = mojibake(base[i]["body"])
        base[i].update(issue="encoding_damage", note="mojibake: UTF-8 read as Windows-1252")
    for i in base64_rows:
        base[i]["body"] = base64.encodebytes(base[i]["body"].encode("utf-8")).decode("ascii").strip()
        base[i].update(issue="encoding_damage", note="body left in base64 transfer encoding")

    rows = [dict(row, key=i) for i, row in enumerate(base)]
    for i in exact_src:
        copy = dict(base[i])  # same minute of arrival: the date column is to the minute
        copy.update(issue="exact_duplicate", source=i, note="delivered twice")
        rows.append(copy)
    for i in fwd_src:
        copy = _forward(r, base[i])
        copy.update(issue="near_duplicate", source=i, note="forwarded copy")
        rows.append(copy)
    for k, copy in enumerate(rows[n:]):  # copies are labeled again, by whoever got them
        t = (copy["date"] - start) / (end - start)
        copy["annotator"], copy["label"], copy["noise_cause"] = _annotate(r, copy, float(min(t, 1.0)))
        copy["key"] = n + k
    rows.sort(key=lambda row: (row["date"], row["key"]))
    ids = {row["key"]: f"E{position + 1:04d}" for position, row in enumerate(rows)}
    for row in rows:  # ids in order of arrival, so a copy's id says nothing about it
        row["email_id"] = ids[row["key"]]
        if "source" in row:
            row["duplicate_of"] = ids[row.pop("source")]
            row["note"] += f" of {row['duplicate_of']}"

    table = pd.DataFrame(rows)
    table["date"] = table["date"].dt.strftime("%Y-%m-%d %H:%M")
    emails = table[["email_id", "date", "sender_name", "sender_address", "subject", "body", "annotator", "label"]]
    truth = pd.DataFrame(
        {
            "email_id": table["email_id"],
            "true_label": table["true_label"],
            "given_label": table["label"],
            "label_error": table["label"] != table["true_label"],
            "noise_cause": table["noise_cause"],
            "family": table["family"],
            "boundary": table["boundary"],
            "subtle": table["subtle"],
            "issue": table["issue"],
            "duplicate_of": table["duplicate_of"],
            "note": table["note"],
        }
    )

    # -- the held-out test set: later mail, labeled by a panel, no planted problems -------------
    test_ham_w = {k: w * TEST_SEASON_BOOST.get(k, 1.0) for k, w in ham_w.items()}
    test_counts = {**_allocate(spam_w, N_TEST // 2), **_allocate(test_ham_w, N_TEST // 2)}
    test_rows = _make_emails(r, test_counts, _random_dates(r, N_TEST, TEST_START, TEST_END), seen)
    test = pd.DataFrame(test_rows)
    test.insert(0, "email_id", [f"T{i + 1:04d}" for i in range(len(test))])
    test["date"] = test["date"].dt.strftime("%Y-%m-%d %H:%M")
    test = test.rename(columns={"true_label": "label"})
    test_table = test[["email_id", "date", "sender_name", "sender_address", "subject", "body", "label"]]
    test_truth = pd.DataFrame(
        {
            "email_id": test["email_id"],
            "true_label": test["label"],
            "given_label": test["label"],
            "label_error": False,
            "noise_cause": "",
            "family": test["family"],
            "boundary": test["boundary"],
            "subtle": test["subtle"],
            "issue": "",
            "duplicate_of": "",
            "note": "",
        }
    )
    truth.insert(1, "split", "train")
    test_truth.insert(1, "split", "test")
    return {
        "spam_emails": emails.reset_index(drop=True),
        "spam_emails_test": test_table.reset_index(drop=True),
        "spam_emails_truth": pd.concat([truth, test_truth], ignore_index=True),
    }
