from django.conf import settings
from django.core.management.base import BaseCommand
from django.db import transaction

import governance.demo
import intake.demo
import members.demo
import mutualaid.demo
from members.demo import DEMO_ACCOUNTS


class Command(BaseCommand):
    help = "Create the demo network (idempotent: running it twice changes nothing)."

    @transaction.atomic
    def handle(self, *args, **options):
        network = members.demo.seed()
        # Each app adds its demo data from its own demo.py, in dependency order.
        mutualaid.demo.seed(network)
        intake.demo.seed(network)
        governance.demo.seed(network)
        if options["verbosity"]:
            password = settings.WCC_DEMO_PASSWORD
            self.stdout.write(f"Demo network ready. Demo logins (password for all: {password}):")
            for email, _name, neighborhood, role in DEMO_ACCOUNTS:
                what = f"{role.label} of {neighborhood}" if role else "network admin"
                self.stdout.write(f"  {email:32} {what}")
