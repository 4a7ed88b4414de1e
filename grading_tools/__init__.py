"""Instructor tooling for grading the course with nbgrader.

Run from the course's root folder, in the environment made by ``tasks.py``::

    python -m grading_tools check-sandbox            # is the grading sandbox usable here?
    python -m grading_tools autograde 00-start-here --jobs 2
    python -m grading_tools report 00-start-here

Modules, each named by what it does:

- ``sandbox``: the bubblewrap sandbox every autograding kernel runs in (wired into
  ``nbgrader autograde`` by ``nbgrader_config.py``);
- ``outputs``: a preprocessor that caps huge cell outputs in graded notebooks;
- ``preflight``: checks submissions before grading (malformed or renamed notebooks) and
  explains, per student, what nbgrader repaired or what went wrong;
- ``parallel``: autogrades a whole class across worker processes, with one writer to the
  gradebook, and compares two gradebooks;
- ``report``: the grade report (score distributions per exercise, the tests most students fail);
- ``fake_class``: generates a class of realistic submissions (correct, partial, bad, hostile)
  for the tests and the benchmark.

The walk-through with the exact commands is ``docs/instructor-guide.md``.
"""
