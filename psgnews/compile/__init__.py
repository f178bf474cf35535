"""Compiling issues: one (`one`), many in workers (`many`), `psgnews build` itself (`pipeline`)."""
