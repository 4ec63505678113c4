"""One numbering register per issuing body: sequences are keyed by series (a register or a
certificate kind); documents record the register their number came from. Documents signed before
keep their numbers and an empty register; a register's first number in a year starts after them."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("documents", "0002_alter_numbersequence_options_and_more"),
    ]

    operations = [
        migrations.RemoveConstraint(model_name="numbersequence", name="uniq_sequence_kind_year"),
        migrations.RenameField(model_name="numbersequence", old_name="kind", new_name="series"),
        migrations.AlterField(
            model_name="numbersequence",
            name="series",
            field=models.CharField(
                help_text="Register badan penerbit (instansi, kepala_daerah) atau jenis sertifikat.",
                max_length=40,
                verbose_name="seri penomoran",
            ),
        ),
        migrations.AlterField(
            model_name="numbersequence",
            name="number_format",
            field=models.CharField(
                blank=True,
                help_text="Kosongkan untuk memakai format masing-masing jenis. Gunakan {nomor}, {tahun} dan {bulan}.",
                max_length=100,
                verbose_name="format nomor tahun ini",
            ),
        ),
        migrations.AlterModelOptions(
            name="numbersequence",
            options={"ordering": ["-year", "series"], "verbose_name": "penomoran", "verbose_name_plural": "penomoran"},
        ),
        migrations.AddConstraint(
            model_name="numbersequence",
            constraint=models.UniqueConstraint(fields=("series", "year"), name="uniq_sequence_series_year"),
        ),
        migrations.AddField(
            model_name="document",
            name="register",
            field=models.CharField(blank=True, max_length=40, verbose_name="register nomor"),
        ),
        migrations.AddConstraint(
            model_name="document",
            constraint=models.UniqueConstraint(
                condition=models.Q(("sequence__isnull", False), models.Q(("register", ""), _negated=True)),
                fields=("register", "number_year", "sequence"),
                name="uniq_document_register_sequence",
            ),
        ),
        migrations.AddConstraint(
            model_name="document",
            constraint=models.UniqueConstraint(
                condition=models.Q(models.Q(("number", ""), _negated=True), models.Q(("register", ""), _negated=True)),
                fields=("number",),
                name="uniq_document_register_number",
            ),
        ),
    ]
