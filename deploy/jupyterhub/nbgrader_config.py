"""nbgrader settings every user of the hub shares (docs/jupyterhub.md).

Goes to the shared environment's configuration folder, /opt/dcai/etc/jupyter/nbgrader_config.py,
where every nbgrader command and server extension run from that environment finds it. Students
then fetch and submit without naming the course; the instructors' own course configuration
(the repository's nbgrader_config.py) adds everything else.
"""

c = get_config()  # noqa: F821 (provided by traitlets when nbgrader loads this file)

# The course's id: the same as in the repository's nbgrader_config.py.
c.CourseDirectory.course_id = "data-centric-ai"

# nbgrader's file-system exchange: a folder every user can write, with the sticky bit
# (sudo install -d -m 1777 /srv/nbgrader/exchange). nbgrader makes the course's inbound
# folder write-only for students, so they cannot list each other's submissions.
c.Exchange.root = "/srv/nbgrader/exchange"
