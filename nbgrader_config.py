"""nbgrader configuration for the course (read by every `nbgrader` command run here).

Source notebooks (with solutions and hidden tests) live in `solutions/`, the
student versions are generated into `exercises/`, and everything produced while
grading (submissions, autograded copies, feedback, the gradebook) stays under the
git-ignored `grading/` folder, so no grade is ever committed by accident.
"""

import os

c = get_config()  # noqa: F821 (provided by traitlets when nbgrader loads this file)

ROOT = os.path.dirname(os.path.abspath(__file__))

c.CourseDirectory.course_id = "data-centric-ai"
c.CourseDirectory.root = ROOT
c.CourseDirectory.source_directory = "solutions"
c.CourseDirectory.release_directory = "exercises"
c.CourseDirectory.submitted_directory = os.path.join("grading", "submitted")
c.CourseDirectory.autograded_directory = os.path.join("grading", "autograded")
c.CourseDirectory.feedback_directory = os.path.join("grading", "feedback")
c.CourseDirectory.solution_directory = os.path.join("grading", "solution")
os.makedirs(os.path.join(ROOT, "grading"), exist_ok=True)  # git-ignored; sqlite needs the folder
c.CourseDirectory.db_url = "sqlite:///" + os.path.join(ROOT, "grading", "gradebook.db")

# Each notebook runs in seconds; a cell that takes a minute is stuck (an endless loop).
# Interrupt it and go on, so the rest of the notebook is still graded.
c.Execute.timeout = 60
c.Execute.interrupt_on_timeout = True

# Warnings printed to stderr (FutureWarning, ConvergenceWarning, ...) must not cost points:
# nbgrader scores any test cell with stderr output as 0, so drop warning-only stderr first.
c.IgnorePattern.pattern = r"[Ww]arning"

# A student who deletes a test cell does not escape it: it is re-added from the gradebook.
c.OverwriteCells.add_missing_cells = True

# Keep huge outputs (a print in an endless loop) from bloating feedback.
c.LimitOutput.max_lines = 200

# Learners validate against the same kernel the course runs in.
c.ClearSolutions.code_stub = {"python": "# YOUR CODE HERE\nraise NotImplementedError()"}
