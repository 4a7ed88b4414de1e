"""Generator for ``triage_vitals`` (module 04-cleaning).

Vital signs taken at triage in a hospital's emergency department, merged from three
front-desk systems, with the trouble such merged tables have: departments spelled
five ways, dates in four formats, temperatures in Fahrenheit and glucose in mg/dL in
a metric table, placeholder and sensor-off values (age 999, heart rate 0), blood
pressures typed in the wrong order, rows loaded twice, missing measurements, and a
few digit swaps (97 typed as 79) that no rule can tell from a real reading. Among the
visits are patients with rare, serious conditions (diabetic ketoacidosis, severe
hypothermia, heart block, SVT, severe hypoxaemia) and two centenarians: extreme but
real readings, which a careful cleaner keeps.

``triage_vitals_test`` is a clean audit sample of later visits (same population) for
measuring what each cleaning strategy does to a model that predicts admission.
"""

import numpy as np
import pandas as pd

SEED = 20261104
N_TRAIN = 1200
N_TEST = 1000
RARE_SHARE = 0.06

DATASETS = {
    "triage_vitals": {
        "module": "04-cleaning",
        "description": "1,224 triage records (1,200 visits + 24 rows loaded twice) with planted errors and rare real cases.",
        "card": "cards/triage_vitals.md",
    },
    "triage_vitals_truth": {
        "module": "04-cleaning",
        "description": "Ground truth for triage_vitals: one row per planted problem or rare real case.",
        "card": "cards/triage_vitals.md",
    },
    "triage_vitals_test": {
        "module": "04-cleaning",
        "description": "1,000 clean audited triage records (later visits) with the confirmed condition, for evaluation.",
        "card": "cards/triage_vitals.md",
    },
}

DEPARTMENTS = ["Emergency", "Cardiology", "Respiratory", "General Medicine"]
SPELLINGS = {
    "Emergency": ["emergency", "EMERGENCY", "Emergency Dept.", "ED", " Emergency"],
    "Cardiology": ["cardiology", "CARDIOLOGY", "Cardio", "Cardiol.", "Cardiology "],
    "Respiratory": ["respiratory", "RESPIRATORY", "Resp.", "Respiratory Med", " respiratory"],
    "General Medicine": ["general medicine", "GENERAL MEDICINE", "Gen Med", "General  Medicine", "Gen. Med."],
}
DATE_FORMATS = [("%Y-%m-%d", 0.55), ("%d/%m/%Y", 0.25), ("%d %b %Y", 0.12), ("%b %d, %Y", 0.08)]
RARE = {  # condition: (column of its extreme reading, department(s), admission probability)
    "diabetic ketoacidosis": ("glucose_mmol_l", ["General Medicine", "Emergency"], 0.95),
    "severe hypothermia": ("temp_c", ["Emergency"], 0.95),
    "complete heart block": ("heart_rate_bpm", ["Cardiology"], 0.95),
    "supraventricular tachycardia": ("heart_rate_bpm", ["Cardiology", "Emergency"], 0.9),
    "severe hypoxaemia": ("spo2_pct", ["Respiratory"], 0.95),
}
COLUMNS = [
    "record_id",
    "visit_date",
    "department",
    "age_years",
    "temp_c",
    "heart_rate_bpm",
    "resp_rate_bpm",
    "systolic_bp",
    "diastolic_bp",
    "spo2_pct",
    "glucose_mmol_l",
    "admitted",
]


def _visits(rng: np.random.Generator, n: int, start: pd.Timestamp, days: int) -> pd.DataFrame:
    """Clean visits: common patients, plus RARE_SHARE with a rare condition and two centenarians."""
    department = rng.choice(DEPARTMENTS, size=n, p=[0.45, 0.2, 0.15, 0.2]).astype(object)
    age = np.clip(np.round(rng.normal(52, 19, n)), 16, 97)
    severity = rng.normal(0, 1, n)
    condition = np.full(n, "none", dtype=object)
    n_rare = int(round(RARE_SHARE * n))
    rare_rows = rng.choice(n, size=n_rare, replace=False)
    names = list(RARE)
    condition[rare_rows] = [names[i % len(names)] for i in range(n_rare)]
    is_rare = condition != "none"
    severity[is_rare] = rng.normal(-0.3, 0.6, is_rare.sum())  # otherwise unremarkable vitals

    fever = np.clip(rng.normal(0.35 * severity, 0.6), 0, None)
    temp = np.clip(36.6 + fever + rng.normal(0, 0.25, n), 35.2, 40.3)
    heart = np.clip(78 + 11 * severity + 6 * fever + rng.normal(0, 9, n), 48, 148)
    resp = np.clip(16 + 2.5 * severity + rng.normal(0, 2, n), 10, 30)
    systolic = np.clip(128 + 0.3 * (age - 50) - 6 * severity + rng.normal(0, 14, n), 88, 200)
    diastolic = np.clip(0.55 * systolic + rng.normal(8, 7, n), 45, 115)
    diastolic = np.minimum(diastolic, systolic - 20)
    spo2 = np.clip(
        97.5 - 1.3 * np.clip(severity, 0, None) - 1.5 * (department == "Respiratory") + rng.normal(0, 1.2, n), 89, 100
    )
    diabetic = rng.random(n) < 0.12
    glucose = np.clip(
        np.exp(rng.normal(np.log(5.8), 0.18, n)) * np.where(diabetic, 1.8, 1.0) + 0.6 * np.clip(severity, 0, None),
        3.6,
        18.0,
    )
    logit = -1.2 + 1.4 * severity + 0.025 * (age - 52) + 0.5 * (department == "Cardiology") + 0.6 * (temp > 38.5)
    admitted = rng.random(n) < 1 / (1 + np.exp(-logit))

    for row in rare_rows:  # the defining extreme reading of each rare condition
        name = condition[row]
        column, departments, p_admit = RARE[name]
        department[row] = departments[rng.integers(len(departments))]
        admitted[row] = rng.random() < p_admit
        if name == "diabetic ketoacidosis":
            glucose[row] = rng.uniform(22, 45)
        elif name == "severe hypothermia":
            temp[row] = rng.uniform(28.5, 33.5)
        elif name == "complete heart block":
            heart[row] = rng.uniform(26, 40)
        elif name == "supraventricular tachycardia":
            heart[row] = rng.uniform(165, 215)
        else:
            spo2[row] = rng.uniform(68, 84)
            resp[row] = min(resp[row] + 6, 34)
    common = np.flatnonzero(~is_rare)
    centenarians = rng.choice(common, size=2, replace=False)
    age[centenarians] = rng.integers(101, 105, 2)
    condition[centenarians] = "centenarian"

    dates = start + pd.to_timedelta(rng.integers(0, days, n), unit="D")
    return pd.DataFrame(
        {
            "visit_date": dates,
            "department": department,
            "age_years": age.astype(float),
            "temp_c": np.round(temp, 1),
            "heart_rate_bpm": np.round(heart).astype(float),
            "resp_rate_bpm": np.round(resp).astype(float),
            "systolic_bp": np.round(systolic).astype(float),
            "diastolic_bp": np.round(diastolic).astype(float),
            "spo2_pct": np.round(spo2).astype(float),
            "glucose_mmol_l": np.round(glucose, 1),
            "admitted": admitted.astype(int),
            "condition": condition,
        }
    )


def _fmt(value) -> str:
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return "" if value is None or (isinstance(value, float) and np.isnan(value)) else str(value)


def generate() -> dict[str, pd.DataFrame]:
    rng = np.random.default_rng(SEED)
    visits = _visits(rng, N_TRAIN, pd.Timestamp("2025-01-01"), 365)
    visits.insert(0, "record_id", [f"V{i:05d}" for i in range(1, N_TRAIN + 1)])
    table = visits[COLUMNS].copy()
    table["visit_date"] = table["visit_date"].astype(object)
    truth = []  # (record_id, column, issue, kind, given, correct, note)

    def note(rows, column, issue, kind, given, correct, text):
        for row, g, c in zip(rows, given, correct):
            truth.append((table.loc[row, "record_id"], column, issue, kind, _fmt(g), _fmt(c), text))

    # Rare but real: extreme readings that are correct (keep them).
    for row in np.flatnonzero(visits["condition"] != "none"):
        name = visits.loc[row, "condition"]
        column = "age_years" if name == "centenarian" else RARE[name][0]
        value = table.loc[row, column]
        note([row], column, "rare_real", "rare_real", [value], [value], name)

    # Objective errors, each on its own common row and column.
    common = np.flatnonzero(visits["condition"] == "none")
    picks = rng.choice(common, size=103, replace=False)
    f_temp, bad_temp, hr_zero, hr_999, bad_spo2, bad_age, mg_glucose, swapped, typos = np.split(
        picks, np.cumsum([30, 4, 6, 3, 5, 5, 30, 12])
    )
    celsius = table.loc[f_temp, "temp_c"].to_numpy()
    fahrenheit = np.round(celsius * 9 / 5 + 32, 1)
    table.loc[f_temp, "temp_c"] = fahrenheit
    note(f_temp, "temp_c", "unit_error", "objective_error", fahrenheit, celsius, "temperature recorded in Fahrenheit")
    impossible = [
        ("temp_c", bad_temp, [0.0, 370.0, 3.7, 0.0], "thermometer reading not possible in a living patient"),
        ("heart_rate_bpm", hr_zero, [0.0] * 6, "monitor disconnected (0 bpm)"),
        ("heart_rate_bpm", hr_999, [999.0] * 3, "placeholder 999"),
        (
            "spo2_pct",
            bad_spo2,
            [101.0, 104.0, 0.0, 0.0, 110.0],
            "oxygen saturation outside 0-100% or 0 from a probe that fell off",
        ),
        ("age_years", bad_age, [999.0, 999.0, -1.0, 212.0, 150.0], "placeholder or impossible age"),
    ]
    for column, rows, values, text in impossible:
        original = table.loc[rows, column].to_numpy()
        table.loc[rows, column] = values
        note(rows, column, "impossible_value", "objective_error", values, original, text)
    mmol = table.loc[mg_glucose, "glucose_mmol_l"].to_numpy()
    mg = np.round(mmol * 18.0)
    table.loc[mg_glucose, "glucose_mmol_l"] = mg
    note(
        mg_glucose,
        "glucose_mmol_l",
        "unit_error",
        "objective_error",
        mg,
        mmol,
        "glucose recorded in mg/dL (1 mmol/L = 18 mg/dL)",
    )
    sys_before = table.loc[swapped, "systolic_bp"].to_numpy()
    dia_before = table.loc[swapped, "diastolic_bp"].to_numpy()
    table.loc[swapped, "systolic_bp"], table.loc[swapped, "diastolic_bp"] = dia_before, sys_before
    note(
        swapped,
        "systolic_bp",
        "swapped_values",
        "objective_error",
        dia_before,
        sys_before,
        "systolic and diastolic typed in the wrong order",
    )
    note(
        swapped,
        "diastolic_bp",
        "swapped_values",
        "objective_error",
        sys_before,
        dia_before,
        "systolic and diastolic typed in the wrong order",
    )
    # Digit swaps that land on a plausible-looking extreme: only a chart review can catch them.
    typo_plan = [  # (column, the real reading, what was typed)
        ("temp_c", 36.2, 32.6),
        ("temp_c", 36.4, 34.6),
        ("spo2_pct", 97.0, 79.0),
        ("spo2_pct", 95.0, 59.0),
        ("heart_rate_bpm", 118.0, 181.0),
        ("heart_rate_bpm", 83.0, 38.0),
        ("glucose_mmol_l", 5.2, 2.5),
        ("heart_rate_bpm", 134.0, 314.0),  # this slip lands beyond the physical limit: a rule catches it
    ]
    for row, (column, correct, given) in zip(typos, typo_plan):
        table.loc[row, column] = given
        issue = "impossible_value" if given > 300 else "digit_swap"
        note([row], column, issue, "objective_error", [given], [correct], "digits typed in the wrong order")

    # Departments spelled many ways (three systems, free text at the desk).
    variant = rng.random(N_TRAIN) < 0.35
    for row in np.flatnonzero(variant):
        canonical = table.loc[row, "department"]
        spelling = SPELLINGS[canonical][rng.integers(len(SPELLINGS[canonical]))]
        table.loc[row, "department"] = spelling
        note(
            [row],
            "department",
            "category_variant",
            "format",
            [spelling],
            [canonical],
            "the same department, spelled differently",
        )

    # Dates in four formats; five unreadable ones.
    formats = rng.choice(len(DATE_FORMATS), size=N_TRAIN, p=[p for _, p in DATE_FORMATS])
    written = []
    for row, which in enumerate(formats):
        day = visits.loc[row, "visit_date"]
        text = day.strftime(DATE_FORMATS[which][0])
        written.append(text)
        if which:
            note(
                [row],
                "visit_date",
                "date_format",
                "format",
                [text],
                [day.strftime("%Y-%m-%d")],
                f"written as {DATE_FORMATS[which][0]}",
            )
    table["visit_date"] = written
    unreadable = rng.choice(np.setdiff1d(np.arange(N_TRAIN), np.flatnonzero(formats)), size=5, replace=False)
    for row in unreadable:
        note(
            [row],
            "visit_date",
            "missing",
            "missing",
            ["unknown"],
            [visits.loc[row, "visit_date"].strftime("%Y-%m-%d")],
            "date not recorded ('unknown')",
        )
        table.loc[row, "visit_date"] = "unknown"

    # Missing measurements (glucose is often not taken for patients who look well).
    untouched = np.setdiff1d(np.arange(N_TRAIN), np.concatenate([picks, np.flatnonzero(visits["condition"] != "none")]))
    p_no_glucose = np.where(table.loc[untouched, "admitted"] == 1, 0.06, 0.20)
    for column, probability in (
        ("glucose_mmol_l", p_no_glucose),
        ("spo2_pct", 0.03),
        ("resp_rate_bpm", 0.04),
        ("age_years", 0.02),
    ):
        rows = untouched[rng.random(len(untouched)) < probability]
        note(
            rows, column, "missing", "missing", [None] * len(rows), [table.loc[r, column] for r in rows], "not recorded"
        )
        table.loc[rows, column] = np.nan

    # Rows loaded twice by the merge.
    doubled = rng.choice(N_TRAIN, size=24, replace=False)
    for row in doubled:
        truth.append(
            (
                table.loc[row, "record_id"],
                "",
                "exact_duplicate",
                "objective_error",
                "",
                "",
                "the same record loaded twice by the merge",
            )
        )
    full = pd.concat([table, table.loc[doubled]], ignore_index=True)
    full = full.iloc[rng.permutation(len(full))].reset_index(drop=True)

    truth_table = pd.DataFrame(truth, columns=["record_id", "column", "issue", "kind", "given", "correct", "note"])
    truth_table = truth_table.sort_values(["record_id", "column", "issue"], kind="stable").reset_index(drop=True)

    test = _visits(np.random.default_rng(SEED + 1), N_TEST, pd.Timestamp("2026-01-01"), 120)
    test.insert(0, "record_id", [f"T{i:05d}" for i in range(1, N_TEST + 1)])
    test["visit_date"] = test["visit_date"].dt.strftime("%Y-%m-%d")
    test_rng = np.random.default_rng(SEED + 2)
    no_glucose = (test["condition"] == "none") & (test_rng.random(N_TEST) < np.where(test["admitted"] == 1, 0.06, 0.20))
    test.loc[no_glucose, "glucose_mmol_l"] = np.nan
    return {"triage_vitals": full, "triage_vitals_truth": truth_table, "triage_vitals_test": test}
