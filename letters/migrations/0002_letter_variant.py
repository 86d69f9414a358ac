from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("letters", "0001_initial"),
    ]

    operations = [
        migrations.AddField(
            model_name="letter",
            name="variant",
            field=models.PositiveSmallIntegerField(default=0),
        ),
    ]
