#!/usr/bin/env python
import os
import sys

if __name__ == "__main__":
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "alliance.settings")
    # A checkout with no configuration at all (neither DEBUG nor SECRET_KEY set) is a developer's:
    # run its commands in debug mode. A deployment always sets SECRET_KEY (the web server refuses
    # to start without it), so there this changes nothing and seed_demo still refuses to run.
    if "DEBUG" not in os.environ and "SECRET_KEY" not in os.environ:
        os.environ["DEBUG"] = "true"
    from django.core.management import execute_from_command_line

    execute_from_command_line(sys.argv)
