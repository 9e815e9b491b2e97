#!/usr/bin/env python
import os
import secrets
import sys

# Commands that only compare models with migration files: they never sign, hash or
# serve anything, so they may run without a SECRET_KEY (a fresh checkout, a CI step).
# They get a random throwaway key (never the public development key, which the settings
# refuse with DEBUG off). Serving, migrating and every other command still refuse to
# start without one.
KEYLESS_COMMANDS = {"makemigrations"}

if __name__ == "__main__":
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "wcc.settings")
    if len(sys.argv) > 1 and sys.argv[1] in KEYLESS_COMMANDS:
        os.environ.setdefault("SECRET_KEY", secrets.token_urlsafe(50))
    from django.core.management import execute_from_command_line

    execute_from_command_line(sys.argv)
