from django.core.management.base import BaseCommand

from bangkom.accounts.demo import DEMO_PASSWORD, demo_users_ensure


class Command(BaseCommand):
    help = "Buat pengguna demo untuk setiap peran (hanya untuk demo)."

    def handle(self, *args: object, **options: object) -> None:
        users = demo_users_ensure()
        self.stdout.write(f"Log-in demo (kata sandi untuk semua: {DEMO_PASSWORD}):")
        for demo in users:
            self.stdout.write(f"  {demo.username:<10} {demo.role.name}")
