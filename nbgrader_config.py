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
# The gradebook: an SQLite file in grading/ for one grader. Several graders share a database
# server instead: set the environment variable COURSE_DB_URL, e.g.
# postgresql+psycopg://grader@db.example.edu/dcai with the password in ~/.pgpass (never on a
# command line). docs/instructor-guide.md, "Several graders: a PostgreSQL gradebook".
DB_URL = os.environ.get("COURSE_DB_URL", "").strip()
c.CourseDirectory.db_url = DB_URL or "sqlite:///" + os.path.join(ROOT, "grading", "gradebook.db")

# Each notebook runs in seconds; a cell that takes a minute is stuck (an endless loop).
# Interrupt it and go on, so the rest of the notebook is still graded.
c.Execute.timeout = 60
c.Execute.interrupt_on_timeout = True

# Warnings printed to stderr (FutureWarning, ConvergenceWarning, ...) must not cost points:
# nbgrader scores any test cell with stderr output as 0, so drop warning-only stderr first.
c.IgnorePattern.enabled = True  # nbgrader ships this step switched off
c.IgnorePattern.pattern = r"[Ww]arning"

# Only regular files are graded: links, devices, pipes, hard links and huge files are moved out of a
# submission (into grading/refused/) before nbgrader copies it (grading_tools/files.py).
try:
    from grading_tools.files import PreConvertHook

    c.Autograde.pre_convert_hook = PreConvertHook(c.CourseDirectory.db_url, c.CourseDirectory.course_id)
except ImportError:  # a learner's environment without the grading tools: nothing is autograded there
    pass

# Cells with made-up nbgrader metadata become plain cells before nbgrader checks the notebook
# (grading_tools/verdicts.py, DropForgedMetadata); otherwise the same steps as nbgrader's default.
c.Autograde.sanitize_preprocessors = [
    "nbgrader.preprocessors.ClearOutput",
    "nbgrader.preprocessors.DeduplicateIds",
    "nbgrader.preprocessors.OverwriteKernelspec",
    "grading_tools.verdicts.DropForgedMetadata",  # added
    "nbgrader.preprocessors.OverwriteCells",
    "nbgrader.preprocessors.CheckCellMetadata",
]

# A student who deletes a test cell does not escape it: it is re-added from the gradebook.
c.OverwriteCells.add_missing_cells = True

# Keep huge outputs (a print in an endless loop) from bloating feedback.
c.LimitOutput.max_lines = 200

# Bad submissions (JSON that is not a notebook, a renamed notebook, ...) are checked before
# grading and explained per student by `python -m grading_tools autograde` (see the guide).

# Scores come from the scoring engine (grading_tools/scoring.py, run by grading_tools.verdicts.ScoreTestCells):
# a plain Python process runs the read-only cells, the answer cells' definitions only, and each test cell
# in its own child process; what the tests trust is restored after every call into student code. The
# kernel run before it is for the feedback. Both refuse to start for an assignment whose own solution
# does not get full marks in this environment (no silent zeroes).
# Student code runs in a sandbox while it is autograded (grading_tools/sandbox.py): no network,
# no solutions/, no gradebook, no other student's folder, datasets/ read-only. Without bubblewrap,
# autograding refuses to run unless COURSE_GRADING_SANDBOX=off is set (then with a loud warning).
# The same list as nbgrader's default, with two replacements/additions marked.
c.Autograde.autograde_preprocessors = [
    "grading_tools.sandbox.SandboxedExecute",  # instead of nbgrader.preprocessors.Execute (the feedback run)
    "grading_tools.verdicts.ScoreTestCells",  # added: the scoring engine's verdicts become the test cells' outputs
    "nbgrader.preprocessors.IgnorePattern",
    "nbconvert.preprocessors.ClearMetadataPreprocessor",
    "nbgrader.preprocessors.LimitOutput",
    "grading_tools.outputs.LimitOutputSize",  # added: one huge line or a huge HTML table is trimmed too
    "nbgrader.preprocessors.SaveAutoGrades",
    "nbgrader.preprocessors.AssignLatePenalties",
    "nbgrader.preprocessors.CheckCellMetadata",
]

# Submissions downloaded from a learning-management system: `nbgrader zip_collect` reads the
# archive in grading/downloaded/<assignment>/archive/ and takes the student id and the file name
# from each file's name. This pattern fits Canvas's "Download submissions" archive
# (<name>_<user id>_<submission id>_<file name>, with "_late" after the name when late);
# the student id is the LMS user id, as in the roster. Other LMSs: docs/instructor-guide.md.
c.ZipCollectApp.downloaded_directory = os.path.join("grading", "downloaded")
# One bad archive never stops the others; unsafe members (../, absolute, duplicate, links, nested archives)
# are refused one by one with a reason; names are matched at an archive's top level only (grading_tools/archives.py).
c.ZipCollectApp.extractor_plugin = "grading_tools.archives.SafeExtractor"
c.ZipCollectApp.collector_plugin = "grading_tools.archives.TopLevelCollector"
c.FileNameCollectorPlugin.named_regexp = r".*/[^/_]+(?:_late)?_(?P<student_id>\d+)_\d+_(?P<file_id>[^/]+)$"

# Learners validate against the same kernel the course runs in.
c.ClearSolutions.code_stub = {"python": "# YOUR CODE HERE\nraise NotImplementedError()"}
