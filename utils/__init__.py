"""Helpers for the Data-Centric AI course.

Import the submodule you need, explicitly::

    from utils import data, plots

``import utils`` itself imports nothing heavy, so it stays fast; each submodule
imports pandas, scikit-learn or cleanlab inside the functions that need them.
"""

__version__ = "0.1.0"
