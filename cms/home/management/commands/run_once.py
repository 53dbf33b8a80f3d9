"""`manage.py run_once COMMAND [ARGS...]`: run a management command unless the same command
is already running on any app server.

With several app servers, cron may start the same job on each of them. On PostgreSQL this
takes a session-level advisory lock named after the command (`pg_try_advisory_lock`) for as
long as it runs, so a second copy, on this host or another, exits at once saying so. SQLite
lives on one host, where cron runs the job once anyway: the command just runs.
"""

import argparse
import zlib

from django.core.management import BaseCommand, call_command
from django.db import connection

# The first half of the advisory lock's key: Pathway's jobs, apart from any other user's locks.
LOCK_NAMESPACE = 0x50617468  # "Path"


def lock_key(command_name: str) -> int:
    return zlib.crc32(command_name.encode()) - 2**31  # a signed 32-bit integer


class Command(BaseCommand):
    help = "Run a management command unless it is already running on any app server."

    def add_arguments(self, parser):
        parser.add_argument("command_name", help="the command to run, e.g. publish_scheduled")
        parser.add_argument("command_args", nargs=argparse.REMAINDER)

    def handle(self, *args, command_name, command_args, **options):
        if connection.vendor != "postgresql":
            call_command(command_name, *command_args)
            return
        key = lock_key(command_name)
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_try_advisory_lock(%s, %s)", [LOCK_NAMESPACE, key])
            (locked,) = cursor.fetchone()
        if not locked:
            self.stdout.write(f"{command_name} is already running elsewhere; not started again.")
            return
        try:
            call_command(command_name, *command_args)
        finally:
            with connection.cursor() as cursor:
                cursor.execute("SELECT pg_advisory_unlock(%s, %s)", [LOCK_NAMESPACE, key])
