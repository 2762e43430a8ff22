from django.core.management.base import BaseCommand

from notifications.emails import make_message


class Command(BaseCommand):
    help = "Send a test email to check the mail settings."

    def add_arguments(self, parser):
        parser.add_argument("address")

    def handle(self, *args, address, **options):
        make_message("test", [address], {}).send()
        self.stdout.write(self.style.SUCCESS(f"Sent a test email to {address}."))
