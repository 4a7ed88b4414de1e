"""An instructor's ~/.jupyter/nbgrader_config.py: use the course's configuration everywhere.

The formgrader (and every nbgrader command run outside the course folder) reads nbgrader's
configuration from the Jupyter configuration folders and from the folder the server started
in, which on a hub is the home folder, not the course folder. This file loads the course's
own nbgrader_config.py, so the formgrader sees the same course root, gradebook and sandbox
as `nbgrader` run in the course folder. Change COURSE if the course is cloned elsewhere in
your home (the formgrader needs it inside the home folder).
"""

import os

c = get_config()  # noqa: F821 (provided by traitlets when nbgrader loads this file)

COURSE = os.path.expanduser("~/data-centric-ai")

course_config = os.path.join(COURSE, "nbgrader_config.py")
if not os.path.exists(course_config):  # traitlets would skip a missing file silently
    raise FileNotFoundError(f"{course_config} does not exist: clone the course there or change COURSE in {__file__}")
load_subconfig(course_config)  # noqa: F821 (provided by traitlets)
