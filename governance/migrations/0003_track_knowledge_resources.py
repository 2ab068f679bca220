"""A development track's knowledge products become library resources (a many-to-many to
networks.KnowledgeResource). The old free-text field keeps its data under a new name, "other
products": what a track produced that is not (yet) in the library."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("governance", "0002_development_tracks"),
        ("networks", "0004_knowledge_library"),
    ]

    operations = [
        migrations.RenameField(
            model_name="developmenttrack", old_name="knowledge_products", new_name="other_products"
        ),
        migrations.RenameField(
            model_name="historicaldevelopmenttrack",
            old_name="knowledge_products",
            new_name="other_products",
        ),
        migrations.AddField(
            model_name="developmenttrack",
            name="knowledge_resources",
            field=models.ManyToManyField(
                blank=True,
                related_name="development_tracks",
                to="networks.knowledgeresource",
                verbose_name="vidensprodukter i biblioteket",
            ),
        ),
        migrations.AlterField(
            model_name="developmenttrack",
            name="evaluation",
            field=models.TextField(
                blank=True,
                help_text="Skal være skrevet, før sporet kan afsluttes.",
                verbose_name="evaluering",
            ),
        ),
        migrations.AlterField(
            model_name="developmenttrack",
            name="other_products",
            field=models.TextField(
                blank=True,
                help_text="Produkter, der ikke er i biblioteket, ét pr. linje.",
                verbose_name="andre vidensprodukter",
            ),
        ),
        migrations.AlterField(
            model_name="historicaldevelopmenttrack",
            name="evaluation",
            field=models.TextField(
                blank=True,
                help_text="Skal være skrevet, før sporet kan afsluttes.",
                verbose_name="evaluering",
            ),
        ),
        migrations.AlterField(
            model_name="historicaldevelopmenttrack",
            name="other_products",
            field=models.TextField(
                blank=True,
                help_text="Produkter, der ikke er i biblioteket, ét pr. linje.",
                verbose_name="andre vidensprodukter",
            ),
        ),
    ]
