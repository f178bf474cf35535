"""Preloaded by the build pool's fork server: it, and so the pool's workers, die with the build.

The workers are children of multiprocessing's fork server, itself a child of the
build, and Linux ends a process with its parent only if it asked to
(PR_SET_PDEATHSIG, `process.die_with`). Each worker asks as it starts
(`many`); the fork server asks here, as it imports this module before serving
(`set_forkserver_preload`). Without both, a build killed with kill -9 or SIGTERM
left the fork server and the workers running, holding its stdout open, so
`psgnews build --all | tee log` never ended.
"""

from __future__ import annotations

import os
import sys

from psgnews.render.pdf.process import die_with

OWNER = "PSGNEWS_POOL_OWNER"  # the process id of the build that starts the pool

# The fork server is the build's child. Any other importer is not, or is the build's child
# too (a build it ran), which may well die with it.
if sys.platform.startswith("linux") and (owner := os.environ.get(OWNER)) == str(os.getppid()):
    die_with(int(owner))
