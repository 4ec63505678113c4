"""Fill the bell's kept count (accounts 0007) from the unread notifications already stored."""

from django.db import migrations
from django.db.models import Count


def fill(apps, schema_editor):
    notification = apps.get_model("notifications", "Notification")
    user = apps.get_model("accounts", "User")
    unread = notification.objects.filter(read_at__isnull=True).values_list("recipient").annotate(n=Count("id"))
    for recipient, n in unread.order_by():
        user.objects.filter(pk=recipient).update(unread_notifications=n)


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0007_user_unread_notifications"),
        ("notifications", "0001_initial"),
    ]

    operations = [migrations.RunPython(fill, migrations.RunPython.noop)]
