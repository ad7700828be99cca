"""deploy/serve.sh (`make serve`) run with stand-ins for the virtualenv's python and gunicorn."""

import subprocess
from pathlib import Path

from django.conf import settings

SERVE = Path(settings.BASE_DIR) / "deploy" / "serve.sh"


def run_serve(tmp_path, *, python="", gunicorn="", **env):
    """Run serve.sh with `python` and `gunicorn` as shell-script bodies; `env` adds to a minimal
    environment. Output goes to tmp_path/serve.log, not a pipe: serve.sh's timer loop keeps a pipe
    open, and only the caller reaping gunicorn (as make does) lets the loop see it gone."""
    venv = tmp_path / "venv" / "bin"
    venv.mkdir(parents=True)
    (venv / "python").write_text(f"#!/bin/sh\n{python}\n")
    (venv / "gunicorn").write_text(f"#!/bin/sh\n{gunicorn}\n")
    for stub in venv.iterdir():
        stub.chmod(0o755)
    environment = {
        "PATH": "/usr/bin:/bin",
        "VENV": str(venv.parent),
        "DJANGO_SECRET_KEY": "x" * 50,
        "DJANGO_HTTPS": "0",
        "DATABASE_URL": f"sqlite:///{tmp_path}/db.sqlite3",
        **env,
    }
    with (tmp_path / "serve.log").open("w") as log:
        subprocess.run(["bash", str(SERVE)], env=environment, stdout=log, stderr=log, timeout=30, check=True)
