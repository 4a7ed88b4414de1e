# %% [markdown]
# # 10 · Data and scores you can trust
#
# A short story: who has which data problem, and what it costs them. (Replace this paragraph.)
#
# **In this lesson you will:**
# - measure how often a placeholder problem occurs in a data set;
# - (three to six objectives, each one a thing the learner does and sees).

# %%
import numpy as np

from utils import data, plots

SEED = 0
plots.use_course_style()
apples = data.load("apple_grading")
apples.head()

# %% [markdown]
# ## 1. A first measurement
#
# Each section ends with something the learner runs and looks at: a table or a plot.

# %%
label_shares = apples["grade"].value_counts(normalize=True)
label_shares.round(3)

# %% tags=["claim-check"]
# Every number the prose states is computed above and checked here.
assert np.isclose(label_shares.sum(), 1.0), label_shares

# %% [markdown]
# ### Try it
#
# 1. A small open question the learner answers by changing the code above.

# %%
# Try it here.

# %% [markdown]
# ## Check your understanding
#
# 1. A question about the lesson's main idea.
# 2. A question about where the method does not pay.
# 3. A question that asks the learner to apply the idea elsewhere.
#
# <details><summary>Answers</summary>
#
# 1. The answer.
# 2. The answer.
# 3. The answer.
# </details>
#
# ## Summary
#
# - One line per idea the learner takes away.
#
# ## Going further
#
# - The library one-liner for what the lesson built by hand, and one or two real references.
# - Next: the exercise, [`exercises/10-trustworthy-data/10-trustworthy-data.ipynb`](../exercises/10-trustworthy-data/10-trustworthy-data.ipynb).
