"""Generator for ``support_tickets`` (module 03-labeling).

400 customer-support tickets of an online home-goods shop ("Brightside Home"), in
six categories, each labeled by the same four annotators, whose habits differ:

- ``ana``, the team lead: careful; slips rarely.
- ``ben``: calls anything that mentions shipping, delivery, a carrier or tracking a
  ``shipping_inquiry``, even when the customer asks where *their order* is
  (the guideline says that is ``order_status``).
- ``cara``: fast and careless: random mistakes across all categories.
- ``dev``: a new hire who files billing tickets that mention a refund or a double
  charge under ``returns_refunds``.

The genuinely ambiguous pair is ``order_status`` vs ``shipping_inquiry``: "Where's
my order? How long does shipping take?" mentions shipping but is about a placed
order. The guideline's rule: a ticket about an order the customer has already
placed is ``order_status``; a general question about shipping (cost, speed,
countries, carriers) with no order in flight is ``shipping_inquiry``. Tickets that
mix the two (``ambiguous`` in the truth) trip up even careful annotators.

24 tickets form the calibration set: everyone labeled them first, and the team
lead's final, discussed labels are the gold labels.
"""

import re

import numpy as np
import pandas as pd

SEED = 20261106
N_TICKETS = 400
N_GOLD = 24
CATEGORIES = ["order_status", "shipping_inquiry", "returns_refunds", "billing", "account_access", "product_question"]
SHARE = [0.22, 0.14, 0.18, 0.14, 0.12, 0.20]  # of the clear-cut tickets
N_AMBIGUOUS = 56
ANNOTATORS = ["ana", "ben", "cara", "dev"]

DATASETS = {
    "support_tickets": {
        "module": "03-labeling",
        "description": "400 customer-support tickets (subject, message) of an online home-goods shop.",
        "card": "cards/support_tickets.md",
    },
    "support_ticket_labels": {
        "module": "03-labeling",
        "description": "1,600 labels: every ticket labeled by the same 4 annotators (long format), calibration round first.",
        "card": "cards/support_tickets.md",
    },
    "support_tickets_gold": {
        "module": "03-labeling",
        "description": "Gold labels for the 24 calibration tickets, agreed by the team after discussion.",
        "card": "cards/support_tickets.md",
    },
    "support_tickets_truth": {
        "module": "03-labeling",
        "description": "Ground truth for support_tickets: the correct category of every ticket and whether it is ambiguous.",
        "card": "cards/support_tickets.md",
    },
    "support_ticket_labels_truth": {
        "module": "03-labeling",
        "description": "Ground truth for support_ticket_labels: the correct category of every label and why a label is wrong.",
        "card": "cards/support_tickets.md",
    },
}

KITCHEN = [
    "ceramic mug set",
    "cast-iron skillet",
    "bamboo cutting board",
    "French press",
    "glass jar set",
    "chef's knife",
    "stoneware casserole dish",
]
TEXTILES = [
    "linen duvet cover",
    "wool throw blanket",
    "bath towel set",
    "memory-foam pillow",
    "cotton bath robe",
    "jute rug",
]
LARGE = ["standing fan", "jute rug", "floor lamp", "bookshelf", "garden bench"]
FRAGILE = ["ceramic mug set", "glass jar set", "floor lamp", "French press", "table lamp"]
PRODUCTS = sorted(set(KITCHEN + TEXTILES + LARGE + FRAGILE + ["hiking backpack", "desk lamp"]))
CARRIERS = ["UPS", "DHL", "FedEx", "USPS", "the courier", "the post office"]
COUNTRIES = ["Canada", "Ireland", "Mexico", "Norway", "Australia", "Puerto Rico", "Germany", "Iceland"]
CITIES = ["Denver", "Tucson", "Boise", "Albany", "Raleigh", "Omaha", "Spokane", "Savannah"]
NAMES = ["Sam", "Priya", "Jorge", "Hannah", "Wei", "Fatima", "Tom", "Lucia", "Marcus", "Aiko", "Noah", "Grace"]
WEEKDAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday"]

# Each template: (subject, message). Slots: {order} {product} {kitchen} {textile} {large} {fragile} {carrier}
# {country} {city} {days} {day} {amount} {email}; subject and message of one ticket share the same values.
TEMPLATES = {
    "order_status": [
        (
            "Order {order}",
            "I placed order {order} on {day} and the status still says 'processing'. Has it been sent yet?",
        ),
        (
            "Still waiting",
            "Ordered a {product} {days} days ago, haven't heard anything since the confirmation email. Is everything ok with my order?",
        ),
        ("where is it??", "my order {order} was supposed to arrive {day}. nothing. can someone check what is going on"),
        (
            "Order not received",
            "Hello, my order {order} hasn't arrived and the estimated date was last week. Could you look into it?",
        ),
        (
            "Status of my order",
            "Could you tell me whether order {order} has been packed? I need the {product} before the weekend.",
        ),
        (
            "Missing item?",
            "Order {order} came in two boxes? I only got the {product} so far. Is the second part still coming?",
        ),
        (
            "Tracking not updating",
            "The tracking for {order} hasn't moved for {days} days, stuck at 'in transit' with {carrier}. Is it lost?",
        ),
        (
            "Delivered but not here",
            "{carrier} says order {order} was delivered yesterday but there is nothing at my door or with my neighbours.",
        ),
        (
            "Confirm my order went through?",
            "I got charged but never got an order confirmation. Did my order for the {product} actually go through?",
        ),
        (
            "Order {order} stuck",
            "Hi, it's been {days} days and my order still shows 'label created'. When will it actually leave your warehouse?",
        ),
        ("Pre-order question", "I pre-ordered the {product} (order {order}). Is it still on track for this month?"),
        (
            "Change delivery address",
            "Can you still change the address on order {order}? I'm moving to {city} on {day}.",
        ),
        (
            "Late gift",
            "The {product} I ordered as a birthday present (order {order}) is late. Is there anything you can do to speed it up?",
        ),
    ],
    "shipping_inquiry": [
        ("Shipping to {country}", "Do you ship to {country}? And if so, roughly how long does it take?"),
        ("Shipping costs", "How much is shipping for a {product}? I couldn't find the rates on your site."),
        (
            "Free shipping threshold",
            "Is there a minimum order for free shipping? I'm thinking about getting a {product} and a few other things.",
        ),
        ("Express delivery?", "Do you offer next-day or express delivery to {city}? Need something before {day}."),
        ("Which carrier", "Which carrier do you usually ship with? {carrier} doesn't deliver to my building."),
        ("PO box", "Can you deliver to a PO box, or does it have to be a street address?"),
        (
            "Shipping a big item",
            "How is a {large} shipped, in one box or several? And do you deliver to the door or the curb?",
        ),
        (
            "International shipping + customs",
            "If I order from {country}, will I have to pay customs duties on delivery, or is that included?",
        ),
        ("Holiday shipping", "What's the last day to order for delivery before the holidays?"),
        (
            "Pick-up option",
            "Is there a way to pick up an order instead of having it shipped? I live near your {city} warehouse.",
        ),
        ("Eco shipping", "Do you use plastic-free packaging when you ship? Asking before I place my first order."),
        ("Shipping time", "How long does standard shipping usually take to {city}? Thinking of ordering this week."),
    ],
    "returns_refunds": [
        ("Return request", "I'd like to return the {product}, it's not what I expected. How do I send it back?"),
        ("Damaged item", "The {fragile} arrived cracked. I want a refund, not a replacement. Photos attached."),
        (
            "Refund not received",
            "I sent back my {product} {days} days ago and still no refund. When will the money be back on my card?",
        ),
        ("Exchange for another size", "Can I exchange the {textile} for a bigger size? Mine is too small."),
        ("Return label", "Where do I get a return label? The box didn't have one and the website link is broken."),
        ("wrong item", "got a {product} instead of what I ordered. want to send it back and get my money back"),
        ("Return window", "I bought a {product} five weeks ago. Is it too late to return it?"),
        (
            "Refund to a different card",
            "My old card is cancelled. Can my refund for the returned {product} go to a new card?",
        ),
        (
            "Partial refund?",
            "One of the {kitchen} pieces was missing. Could I get a partial refund instead of returning everything?",
        ),
        (
            "Return shipping cost",
            "Do I have to pay for the return postage on a faulty {product}? That doesn't seem fair.",
        ),
        ("Cancel and refund", "Please cancel my order {order} and refund me, I found it cheaper elsewhere."),
    ],
    "billing": [
        ("Charged twice", "I was charged twice for the same order ({amount} both times). Please fix this."),
        ("Invoice needed", "Can you send me a VAT invoice for order {order}? My company needs it for expenses."),
        ("Card declined", "My card keeps getting declined at checkout even though it works everywhere else."),
        (
            "Promo code didn't apply",
            "The code SPRING15 didn't take off anything at checkout, I paid full price ({amount}).",
        ),
        ("Wrong amount", "My bank shows {amount} but the order total was lower. Why the difference?"),
        ("Pay with PayPal?", "Can I pay with PayPal or only by card?"),
        ("Unknown charge", "There's a charge of {amount} from Brightside Home on my statement that I don't recognise."),
        ("Gift card balance", "How do I check the balance on a gift card? And can I combine it with my credit card?"),
        (
            "Double charge - refund?",
            "I see two charges of {amount} for one order. I need the duplicate refunded as soon as possible.",
        ),
        ("Instalments", "Do you offer paying in instalments for bigger orders like a {large}?"),
        ("Billing address", "How do I update the billing address linked to my card? It still shows my old one."),
    ],
    "account_access": [
        ("Can't log in", "I can't log in. I reset my password twice and it still says 'invalid credentials'."),
        ("Password reset email", "The password reset email never arrives. Checked spam too. My email is {email}."),
        ("Change email", "How do I change the email address on my account to {email}?"),
        ("Account locked", "My account got locked after too many attempts. How long until I can try again?"),
        ("Delete my account", "Please delete my account and all my data."),
        ("Two accounts", "I seem to have two accounts with different emails. Can you merge them?"),
        ("2FA problem", "I got a new phone and now I can't get the verification code to sign in."),
        ("Newsletter", "How do I unsubscribe from the newsletter? I've clicked the link three times."),
        ("Hacked?", "I got an email about a login from {city} that wasn't me. Is my account safe?"),
        ("Order history missing", "When I log in, my order history is empty, but I've ordered from you before."),
    ],
    "product_question": [
        ("Dimensions", "What are the exact dimensions of the {large}? The page only shows a photo."),
        ("Dishwasher safe?", "Is the {kitchen} dishwasher safe?"),
        ("Back in stock?", "The {product} has been out of stock for weeks. Will it come back?"),
        ("Material question", "What is the {textile} made of? I'm allergic to wool."),
        ("Warranty", "Does the {kitchen} come with a warranty? For how long?"),
        ("Induction", "Will the cast-iron skillet work on an induction hob?"),
        ("Colours", "Does the {product} come in other colours than the ones on the site?"),
        ("Care instructions", "How should I wash the {textile}? The label came off."),
        ("Compare two items", "What's the difference between the {product} and the premium version? Worth the extra?"),
        ("Assembly", "Does the {large} need assembling, and are tools included?"),
        ("Gift wrapping", "Can you gift-wrap the {product}? It's a present."),
        ("Replacement part", "I lost the lid of my {kitchen}. Can I buy just the lid?"),
    ],
}
# The genuinely ambiguous ones: an order is (or is not) in flight, and the customer talks about shipping.
AMBIGUOUS = [
    (
        "order_status",
        "Where's my order?",
        "Where's my order? I ordered on {day}. How long does shipping usually take to {city}?",
    ),
    (
        "order_status",
        "Shipping time?",
        "How long does shipping take? I ordered the {product} {days} days ago and it's still not here.",
    ),
    (
        "order_status",
        "Do you ship with {carrier}?",
        "Do you ship with {carrier}? My order {order} hasn't shown up and they have no record of it.",
    ),
    (
        "order_status",
        "Shipping delay",
        "Is there a shipping delay at the moment? My {product} (order {order}) is a week late.",
    ),
    (
        "order_status",
        "Express shipping paid",
        "I paid for express shipping on order {order} and it's been {days} days. What happened to express?",
    ),
    (
        "order_status",
        "International order",
        "Do you really ship to {country}? Placed order {order} a while ago and nothing has arrived.",
    ),
    (
        "order_status",
        "tracking?",
        "do you send tracking numbers? i ordered a {product} on {day} and have no idea where it is",
    ),
    (
        "order_status",
        "Which courier?",
        "Which courier are you using for my order {order}? I want to arrange to be home.",
    ),
    (
        "shipping_inquiry",
        "Slow shipping last time",
        "My last order took two weeks. Before I order again: is express shipping really 2 days to {city}?",
    ),
    (
        "shipping_inquiry",
        "Ship to a different address?",
        "Can I ship an order to my office instead of my home address? I'm about to buy a {product}.",
    ),
    (
        "shipping_inquiry",
        "Tracking for future orders",
        "Do all your deliveries come with tracking? My previous parcel got lost, so I want to know before ordering.",
    ),
    (
        "shipping_inquiry",
        "Arrive by {day}?",
        "If I order the {product} today, will it arrive by {day} with standard shipping?",
    ),
    (
        "shipping_inquiry",
        "Combine shipping",
        "If I place two orders this week, can you ship them together to save on postage?",
    ),
    (
        "shipping_inquiry",
        "Delivery to {country}",
        "I received my last order fine, thanks. Now I've moved to {country}: do you deliver there?",
    ),
]
# Short, low-effort tickets: the same categories with almost no words to go on.
SHORT = {
    "order_status": [
        "where is my order {order}",
        "any update on {order}?",
        "Order {order}??",
        "Has my stuff shipped yet",
    ],
    "shipping_inquiry": ["shipping cost to {country}?", "Do you deliver on Saturdays?", "how long is delivery usually"],
    "returns_refunds": ["how do I return something", "I want my money back for the {product}", "Returns address?"],
    "billing": ["charged twice??", "need an invoice for {order}", "Payment failed again"],
    "account_access": ["locked out of my account", "password reset not working", "can't sign in"],
    "product_question": ["is the {product} in stock?", "{textile} size?", "Is this oven safe?"],
}
GENERIC_SUBJECTS = [
    "Help",
    "Question",
    "Hello",
    "(no subject)",
    "Urgent",
    "Customer service",
    "Re: your email",
    "Problem",
    "Hi",
    "Inquiry",
]
# Side remarks about something else: real tickets wander, and the label follows the request, not the remark.
ASIDES = [
    "I returned a lamp last month and that went smoothly, so thanks for that.",
    "Love the mugs I bought last year by the way.",
    "My account still shows my old address, but that's a separate thing.",
    "I know shipping is busy this time of year.",
    "I paid by card, if that matters.",
    "I also have a question about an invoice but I'll write separately.",
    "Your delivery guy last time was lovely.",
    "I had to reset my password to write this, which was annoying.",
    "Got the refund for my last order, all good there.",
]
OPENERS = ["Hi,", "Hello,", "Hi there,", "Hello team,", "Good morning,", "Hey,", "Dear Brightside,", "", "", "", ""]
CONTEXT = [
    "",
    "",
    "",
    "",
    "I'm a regular customer.",
    "This is my second message about this.",
    "Sorry if this is the wrong place to ask.",
    "Quick question.",
    "Urgent please!",
]
CLOSERS = [
    "Thanks!",
    "Thank you.",
    "Thanks in advance,",
    "Cheers,",
    "Regards,",
    "Kind regards,",
    "",
    "",
    "",
    "Please help.",
]
SHIPPING_WORDS = re.compile(
    r"ship|deliver|carrier|courier|tracking|parcel|postage|transit|UPS|DHL|FedEx|USPS|post office", re.IGNORECASE
)
REFUND_WORDS = re.compile(r"refund|charged twice|two charges|duplicate|money back", re.IGNORECASE)


def _slots(rng: np.random.Generator) -> dict:
    """Values for one ticket's placeholders (the subject and the message share them)."""
    return dict(
        order=f"#{int(rng.integers(40000, 99999))}",
        product=rng.choice(PRODUCTS),
        kitchen=rng.choice(KITCHEN),
        textile=rng.choice(TEXTILES),
        large=rng.choice(LARGE),
        fragile=rng.choice(FRAGILE),
        carrier=rng.choice(CARRIERS),
        country=rng.choice(COUNTRIES),
        city=rng.choice(CITIES),
        days=int(rng.integers(3, 16)),
        day=rng.choice(WEEKDAYS),
        amount=f"${rng.integers(18, 240)}.{rng.integers(0, 100):02d}",
        email=f"{rng.choice(NAMES).lower()}{int(rng.integers(1, 99))}@example.com",
    )


def _message(rng: np.random.Generator, body: str, slots: dict) -> str:
    name = rng.choice(NAMES)
    parts = [rng.choice(OPENERS), rng.choice(CONTEXT), body.format(**slots)]
    if rng.random() < 0.25:
        parts.insert(int(rng.integers(2, 4)), str(rng.choice(ASIDES)))
    closer = rng.choice(CLOSERS)
    if closer:
        parts.append(closer + (f" {name}" if closer.endswith(",") else ""))
    text = " ".join(part for part in parts if part)
    if rng.random() < 0.07:  # typed in a hurry
        text = text.lower().replace("?", "").replace(".", "")
    return text


def _other(rng: np.random.Generator, label: str) -> str:
    return str(rng.choice([c for c in CATEGORIES if c != label]))


def _annotate(rng, annotator: str, true_label: str, ambiguous: bool, text: str) -> tuple[str, str]:
    """One annotator's label for one ticket, and why it is wrong (empty if it is right)."""
    if annotator == "ben" and true_label == "order_status" and SHIPPING_WORDS.search(text) and rng.random() < 0.75:
        return "shipping_inquiry", "habit"
    if annotator == "dev" and true_label == "billing" and REFUND_WORDS.search(text) and rng.random() < 0.8:
        return "returns_refunds", "habit"
    if ambiguous:
        right = {"ana": 0.85, "ben": 0.7, "cara": 0.6, "dev": 0.75}[annotator]
        if rng.random() > right:
            flipped = "shipping_inquiry" if true_label == "order_status" else "order_status"
            return flipped, "ambiguous"
        return true_label, ""
    slip = {"ana": 0.03, "ben": 0.04, "cara": 0.15, "dev": 0.05}[annotator]
    if rng.random() < slip:
        return _other(rng, true_label), "slip"
    return true_label, ""


def generate() -> dict[str, pd.DataFrame]:
    rng = np.random.default_rng(SEED)
    n_clear = N_TICKETS - N_AMBIGUOUS
    clear_labels = rng.choice(CATEGORIES, size=n_clear, p=SHARE)
    tickets = []  # (subject, message, true_label, ambiguous)
    for label in clear_labels:
        label = str(label)
        slots = _slots(rng)
        if rng.random() < 0.12:
            body = str(rng.choice(SHORT[label]))
            tickets.append((str(rng.choice(GENERIC_SUBJECTS)), body.format(**slots), label, False))
            continue
        subject, body = TEMPLATES[label][int(rng.integers(len(TEMPLATES[label])))]
        subject = str(rng.choice(GENERIC_SUBJECTS)) if rng.random() < 0.3 else subject.format(**slots)
        tickets.append((subject, _message(rng, body, slots), label, False))
    for j in range(N_AMBIGUOUS):
        label, subject, body = AMBIGUOUS[int(rng.integers(len(AMBIGUOUS)))] if j >= len(AMBIGUOUS) else AMBIGUOUS[j]
        slots = _slots(rng)
        subject = str(rng.choice(GENERIC_SUBJECTS)) if rng.random() < 0.3 else subject.format(**slots)
        tickets.append((subject, _message(rng, body, slots), label, True))
    order = rng.permutation(len(tickets))
    tickets = [tickets[i] for i in order]
    ticket_ids = [f"T{1001 + i}" for i in range(len(tickets))]

    # The calibration set: 24 tickets, 6 of them ambiguous, labeled first by everyone.
    ambiguous_idx = [i for i, t in enumerate(tickets) if t[3]]
    clear_idx = [i for i, t in enumerate(tickets) if not t[3]]
    gold_idx = sorted(
        list(rng.choice(ambiguous_idx, size=6, replace=False))
        + list(rng.choice(clear_idx, size=N_GOLD - 6, replace=False))
    )
    gold_set = set(gold_idx)

    labels, label_truth = [], []
    for round_name, indices in (
        ("calibration", gold_idx),
        ("main", [i for i in range(len(tickets)) if i not in gold_set]),
    ):
        for i in indices:
            subject, message, true_label, ambiguous = tickets[i]
            for annotator in ANNOTATORS:
                label, issue = _annotate(rng, annotator, true_label, ambiguous, subject + " " + message)
                labels.append((ticket_ids[i], annotator, label, round_name))
                label_truth.append((ticket_ids[i], annotator, label, true_label, issue))

    table = pd.DataFrame(
        {"ticket_id": ticket_ids, "subject": [t[0] for t in tickets], "message": [t[1] for t in tickets]}
    )
    truth = pd.DataFrame(
        {"ticket_id": ticket_ids, "true_label": [t[2] for t in tickets], "ambiguous": [t[3] for t in tickets]}
    )
    gold = truth.iloc[gold_idx][["ticket_id", "true_label"]].rename(columns={"true_label": "gold_label"})
    return {
        "support_tickets": table,
        "support_ticket_labels": pd.DataFrame(labels, columns=["ticket_id", "annotator", "label", "round"]),
        "support_tickets_gold": gold.reset_index(drop=True),
        "support_tickets_truth": truth,
        "support_ticket_labels_truth": pd.DataFrame(
            label_truth, columns=["ticket_id", "annotator", "label", "true_label", "issue"]
        ),
    }
