"""Generator for the ``activity_*`` data sets (module 05-representative-data).

A fitness app recognises what its users are doing (resting, walking, running,
cycling) from 10-second windows of wrist-sensor summaries. The training data came
from a campus study: mostly students, mostly wearing the newest band, recorded in
spring and summer. The app's users are older, wear three devices and move all year.

* ``activity_study``: the unevenly collected training data (2,400 windows).
* ``activity_reference``: the app's user base, as shares per dimension (the reference).
* ``activity_pool``: recordings from a later field campaign (any slice can be
  "collected" from it, at a cost): the source for targeted collection.
* ``activity_production``: a labelled batch of production windows, for evaluation.

The sensors obey simple physics: older users step more slowly and move their wrists
less; the watch's accelerometer reads 0.65 times what a band reads (it sits higher on
the wrist); skin temperature follows the season. So a model trained on the study does
worst exactly where the study is thin.
"""

import numpy as np
import pandas as pd

SEED = 20261105

DATASETS = {
    "activity_study": {
        "module": "05-representative-data",
        "description": "2,400 wrist-sensor windows from a campus study: skewed to young users, one device, spring/summer.",
        "card": "cards/activity_study.md",
    },
    "activity_reference": {
        "module": "05-representative-data",
        "description": "The app's user base as shares per dimension (age group, device, season, activity): the reference.",
        "card": "cards/activity_study.md",
    },
    "activity_pool": {
        "module": "05-representative-data",
        "description": "2,400 windows from a later field campaign covering every slice: the pool for targeted collection.",
        "card": "cards/activity_study.md",
    },
    "activity_production": {
        "module": "05-representative-data",
        "description": "1,200 labelled production windows drawn like the app's user base, for evaluation.",
        "card": "cards/activity_study.md",
    },
}

AGE_GROUPS = ["18-34", "35-54", "55+"]
DEVICES = ["band-2", "band-3", "watch"]
SEASONS = ["spring", "summer", "autumn", "winter"]
ACTIVITIES = ["resting", "walking", "running", "cycling"]

REFERENCE = {  # the app's user base (shares of 10-second windows)
    "age_group": [0.35, 0.35, 0.30],
    "device": [0.35, 0.35, 0.30],
    "season": [0.25, 0.25, 0.25, 0.25],
    "activity": [0.35, 0.35, 0.15, 0.15],
}
STUDY = {  # the campus study
    "age_group": [0.82, 0.15, 0.03],
    "device": [0.22, 0.74, 0.04],
    "season": [0.45, 0.55, 0.0, 0.0],
    "activity": [0.30, 0.35, 0.20, 0.15],
}
POOL = {  # the field campaign: every slice, roughly even
    "age_group": [0.34, 0.33, 0.33],
    "device": [0.34, 0.33, 0.33],
    "season": [0.25, 0.25, 0.25, 0.25],
    "activity": [0.3, 0.3, 0.2, 0.2],
}

#                    resting  walking  running  cycling
STEP_RATE = np.array(
    [
        [4, 112, 152, 9],  # 18-34
        [4, 106, 142, 9],  # 35-54
        [4, 95, 120, 9],
    ]
)  # 55+
ACCEL = np.array([0.05, 0.26, 0.62, 0.10])  # mean dynamic acceleration, g (young user, band)
ACCEL_STD = np.array([0.03, 0.11, 0.26, 0.06])
AGE_MOTION = np.array([1.0, 0.88, 0.66])  # older users move their wrist less
HEART = np.array([[74, 98, 148, 112], [76, 100, 140, 110], [78, 101, 122, 106]])
DEVICE_GAIN = {"band-2": 1.0, "band-3": 1.0, "watch": 0.65}
DEVICE_NOISE = {"band-2": 0.06, "band-3": 0.04, "watch": 0.05}
SEASON_TEMP = {"spring": 0.0, "summer": 1.2, "autumn": -0.6, "winter": -2.4}
ACTIVITY_TEMP = np.array([0.0, 0.4, 1.0, 0.7])


def _draw(rng: np.random.Generator, n: int, shares: dict, prefix: str) -> pd.DataFrame:
    age = rng.choice(len(AGE_GROUPS), size=n, p=shares["age_group"])
    device = rng.choice(DEVICES, size=n, p=shares["device"])
    season = rng.choice(SEASONS, size=n, p=shares["season"])
    activity = rng.choice(len(ACTIVITIES), size=n, p=shares["activity"])
    gain = np.array([DEVICE_GAIN[d] for d in device])
    noise = np.array([DEVICE_NOISE[d] for d in device])
    motion = AGE_MOTION[age] * np.exp(rng.normal(0, 0.28, n))  # person-to-person variation
    steps = np.clip(
        STEP_RATE[age, activity] * np.exp(rng.normal(0, 0.11, n))
        + np.where(np.isin(activity, [0, 3]), rng.exponential(6.0, n), 0),
        0,
        None,
    )
    accel = np.clip(gain * (ACCEL[activity] * motion + rng.normal(0, noise, n)), 0.001, None)
    accel_std = np.clip(
        gain * (ACCEL_STD[activity] * motion * np.exp(rng.normal(0, 0.15, n)) + rng.normal(0, noise / 2, n)),
        0.001,
        None,
    )
    heart = np.clip(HEART[age, activity] + rng.normal(0, 16, n), 42, 200)
    skin = 32.8 + np.array([SEASON_TEMP[s] for s in season]) + ACTIVITY_TEMP[activity] + rng.normal(0, 0.6, n)
    return pd.DataFrame(
        {
            "window_id": [f"{prefix}{i:05d}" for i in range(1, n + 1)],
            "age_group": np.array(AGE_GROUPS)[age],
            "device": device,
            "season": season,
            "step_rate_spm": np.round(steps, 1),
            "accel_mean_g": np.round(accel, 4),
            "accel_std_g": np.round(accel_std, 4),
            "heart_rate_bpm": np.round(heart).astype(int),
            "skin_temp_c": np.round(skin, 2),
            "activity": np.array(ACTIVITIES)[activity],
        }
    )


def generate() -> dict[str, pd.DataFrame]:
    rng = np.random.default_rng(SEED)
    study = _draw(rng, 2400, STUDY, "S")
    pool = _draw(rng, 2400, POOL, "F")
    production = _draw(rng, 1200, REFERENCE, "P")
    reference = pd.DataFrame(
        [
            (dimension, category, share)
            for dimension, categories in (
                ("age_group", AGE_GROUPS),
                ("device", DEVICES),
                ("season", SEASONS),
                ("activity", ACTIVITIES),
            )
            for category, share in zip(categories, REFERENCE[dimension])
        ],
        columns=["dimension", "category", "share"],
    )
    return {
        "activity_study": study,
        "activity_reference": reference,
        "activity_pool": pool,
        "activity_production": production,
    }
