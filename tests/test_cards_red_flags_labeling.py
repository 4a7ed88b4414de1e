"""The data cards of modules 02 and 03 state numbers that the data really has."""

from __future__ import annotations

from utils import agreement, data


def test_card_transactions_card():
    table, truth = data.load("card_transactions"), data.load("card_transactions_truth")
    card = data.card("card_transactions")
    assert len(table) == 16_000 and int(table["is_fraud"].sum()) == 137 == len(truth)
    assert "137 of 16,000" in card and "0.86%" in card and "1 in 117" in card
    assert round(100 * table["is_fraud"].mean(), 2) == 0.86 and round(1 / table["is_fraud"].mean()) == 117
    for scheme, count in truth["scheme"].value_counts().items():
        assert f"| {scheme} | {count} |" in card, scheme
    assert set(truth["transaction_id"]) == set(table.loc[table["is_fraud"] == 1, "transaction_id"])
    assert table["account_age_days"].max() <= 9000


def test_moderation_card():
    labels, comments, truth = (
        data.load(name) for name in ("moderation_labels", "moderation_comments", "moderation_labels_truth")
    )
    card = data.card("moderation_labels")
    assert len(labels) == 4320 and len(comments) == 1440 and labels.groupby("comment_id").size().eq(3).all()
    kinds = truth.drop_duplicates("comment_id")["kind"].value_counts()
    assert f"{kinds['offensive']} are offensive, {kinds['sarcastic']} are\nsarcastic" in card
    assert f"{kinds['acceptable']} are plainly acceptable" in card
    drift = truth[truth["issue"] == "drift"].merge(labels, on=["comment_id", "annotator"])
    assert set(drift["annotator"]) == {"mira"} and drift["week"].min() == 5, "the drift the card describes"
    weekly = (
        truth.drop_duplicates("comment_id")
        .merge(comments)
        .groupby("week")["true_label"]
        .apply(lambda s: (s == "offensive").mean())
    )
    assert weekly.loc[[1, 2]].between(0.11, 0.16).all() and weekly.loc[3:].between(0.17, 0.265).all(), weekly.round(3)


def test_loan_card():
    loans, card = data.load("loan_applications"), data.card("loan_applications")
    counts = loans["region"].value_counts()
    for region in ("city", "suburbs", "rural"):
        assert f"{region} ({counts[region]:,})" in card, region
    assert f"{100 * loans['defaulted'].mean():.1f}% overall" in card
    rates = loans.groupby("region")["defaulted"].mean()
    assert rates.between(0.145, 0.165).all(), rates
    medians = loans.groupby("region")["annual_income_usd"].median()
    assert abs(medians["rural"] - 36_000) < 1000 and abs(medians["city"] - 72_000) < 1000


def test_support_tickets_card():
    tickets, labels = data.load("support_tickets"), data.load("support_ticket_labels")
    gold, truth = data.load("support_tickets_gold"), data.load("support_tickets_truth")
    label_truth = data.load("support_ticket_labels_truth")
    card = data.card("support_tickets")
    assert len(tickets) == 400 and len(labels) == 1600 and len(gold) == 24
    for category, count in truth["true_label"].value_counts().items():
        assert f"{category} {count}" in card, category
    ambiguous = truth[truth["ambiguous"]]
    assert len(ambiguous) == 56 and "56 tickets" in card
    assert ambiguous["true_label"].value_counts().to_dict() == {"order_status": 32, "shipping_inquiry": 24}
    habits = label_truth[label_truth["issue"] == "habit"]["annotator"].value_counts().to_dict()
    assert habits == {"ben": 40, "dev": 9} and "a habit: 40 labels" in card and "a habit: 9 labels" in card
    gold_truth = gold.merge(truth, on="ticket_id")
    assert (gold_truth["gold_label"] == gold_truth["true_label"]).all() and int(gold_truth["ambiguous"].sum()) == 6
    for category, count in gold["gold_label"].value_counts().items():
        assert f"{count} {category}" in card, category
    assert set(labels.loc[labels["round"] == "calibration", "ticket_id"]) == set(gold["ticket_id"])
    wide = agreement.to_wide(labels, item="ticket_id")
    assert wide.notna().all().all() and list(wide.columns) == ["ana", "ben", "cara", "dev"], "fully crossed"
    merged = labels.merge(label_truth, on=["ticket_id", "annotator", "label"])
    assert len(merged) == 1600 and ((merged["label"] != merged["true_label"]) == merged["issue"].notna()).all()
    assert tickets["message"].nunique() > 380, "ticket texts vary"
    assert tickets["subject"].nunique() > 80, "subjects vary too"
