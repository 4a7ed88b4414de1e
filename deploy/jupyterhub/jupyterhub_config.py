"""JupyterHub configuration for a class taking the course (docs/jupyterhub.md explains every step).

Goes to /etc/jupyterhub/jupyterhub_config.py, with two lists beside it, one Unix user name per
line: instructors.txt (they get nbgrader's formgrader) and students.txt. The hub runs as root
from the course's shared environment, in its own state folder:

    cd /srv/jupyterhub && /opt/dcai/bin/jupyterhub -f /etc/jupyterhub/jupyterhub_config.py

Everything else is found from that environment (``sys.prefix``): the single-user server, the
configurable-http-proxy installed into it by npm, the students' settings and the course's data.
"""

import os
import sys

c = get_config()  # noqa: F821 (provided by traitlets when JupyterHub loads this file)

HERE = os.path.dirname(os.path.abspath(__file__))
ENV = sys.prefix  # the shared environment the hub runs from, e.g. /opt/dcai


def user_names(file_name: str) -> set[str]:
    """The user names in a list beside this file (one per line, # starts a comment)."""
    path = os.path.join(HERE, file_name)
    if not os.path.exists(path):
        sys.exit(f"{path} is missing: write one Unix user name per line into it (docs/jupyterhub.md).")
    with open(path, encoding="utf-8") as handle:
        return {line.split("#", 1)[0].strip() for line in handle} - {""}


INSTRUCTORS = user_names("instructors.txt")
STUDENTS = user_names("students.txt")
if INSTRUCTORS & STUDENTS:
    sys.exit(f"in both instructors.txt and students.txt: {', '.join(sorted(INSTRUCTORS & STUDENTS))}")

# Listen on this machine only; put an HTTPS reverse proxy (nginx, Caddy) in front of it.
c.JupyterHub.bind_url = "http://127.0.0.1:8000"

# Log in with the machine's Unix accounts (PAM); only the listed users (JupyterHub >= 5 lets
# nobody in unless allowed_users, allow_all or a group says so).
c.JupyterHub.authenticator_class = "pam"
c.Authenticator.allowed_users = INSTRUCTORS | STUDENTS

# Each user's JupyterLab runs as their own Unix user, from the shared environment.
c.JupyterHub.spawner_class = "localprocess"
c.Spawner.cmd = [os.path.join(ENV, "bin", "jupyterhub-singleuser")]
c.Spawner.default_url = "/lab"
c.Spawner.start_timeout = 120  # a busy machine may need more than the default 60 s
c.Spawner.http_timeout = 120

proxy = os.path.join(ENV, "proxy", "node_modules", ".bin", "configurable-http-proxy")
if os.path.exists(proxy):  # installed with npm into the environment (docs/jupyterhub.md); else found on PATH
    c.ConfigurableHTTPProxy.command = [proxy]

STUDENT_SETTINGS = os.path.join(ENV, "etc", "jupyter-student")


def student_settings(spawner) -> str:
    """Students' servers read the settings that switch off nbgrader's instructor-only extensions.

    Per spawn, not for the whole environment: switching them off there would take the
    formgrader away from the instructors too. JUPYTER_CONFIG_PATH comes first in Jupyter's
    search path, so a student's own ~/.jupyter cannot switch them back on.
    """
    return "" if spawner.user.name in INSTRUCTORS else STUDENT_SETTINGS


c.Spawner.environment = {
    "JUPYTER_CONFIG_PATH": student_settings,
    "PATH": os.pathsep.join([os.path.join(ENV, "bin"), "/usr/local/bin", "/usr/bin", "/bin"]),
}
