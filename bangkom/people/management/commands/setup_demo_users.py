from django.core.management.base import BaseCommand

from bangkom.accounts.demo import DEMO_PASSWORD, demo_users_ensure
from bangkom.accounts.models import User
from bangkom.desk.demo import services_demo
from bangkom.documents.demo import signing_posts_demo
from bangkom.selection.demo import selection_demo
from bangkom.studies.demo import studies_demo
from bangkom.training.demo import training_demo


class Command(BaseCommand):
    help = "Buat pengguna demo setiap peran, dengan contoh seleksi, program, tugas belajar, layanan dan pengaduan."

    def handle(self, *args: object, **options: object) -> None:
        users = demo_users_ensure()
        # The examples need the demo users as their actors, so they are made here, once.
        admin, operator = User.objects.get(username="admin"), User.objects.get(username="operator")
        made = {
            **training_demo(operator=operator),
            **selection_demo(admin=admin),
            **studies_demo(admin=admin, operator=operator),
            **services_demo(admin=admin, general=User.objects.get(username="umum")),
            **signing_posts_demo(),
        }
        if made:
            self.stdout.write("Contoh dibuat: " + ", ".join(f"{k} {v}" for k, v in made.items()))
        self.stdout.write(f"Log-in demo (kata sandi untuk semua: {DEMO_PASSWORD}):")
        for demo in users:
            self.stdout.write(f"  {demo.username:<10} {demo.role.name}")
