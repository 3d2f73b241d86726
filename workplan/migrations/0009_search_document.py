"""The search index (workplan.search): one document per plan, section, objective, activity and comment.

On PostgreSQL the documents' tsvector is GIN-indexed; then the index is built for the rows already there.
"""

import django.contrib.postgres.search

from core.db import vendor_sql
import django.db.models.deletion
from django.db import migrations, models


def build_index(apps, schema_editor):
    from workplan.search.services import index_rebuild

    index_rebuild(apps)


class Migration(migrations.Migration):

    dependencies = [
        ('workplan', '0008_activity_khmer_fields'),
    ]

    operations = [
        migrations.CreateModel(
            name='SearchDocument',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('kind', models.CharField(choices=[('plan', 'Plan'), ('section', 'Section'), ('objective', 'Objective'), ('activity', 'Activity'), ('comment', 'Comment')], max_length=10, verbose_name='kind')),
                ('object_id', models.PositiveBigIntegerField(verbose_name='object id')),
                ('code', models.CharField(blank=True, max_length=10, verbose_name='code')),
                ('title_en', models.TextField(blank=True, verbose_name='title in English')),
                ('title_km', models.TextField(blank=True, verbose_name='title in Khmer, cut into words')),
                ('text_en', models.TextField(blank=True, verbose_name='text in English')),
                ('text_km', models.TextField(blank=True, verbose_name='text in Khmer, cut into words')),
                ('ministries', models.TextField(blank=True, verbose_name='ministries')),
                ('first_year', models.PositiveSmallIntegerField(verbose_name='first year')),
                ('last_year', models.PositiveSmallIntegerField(verbose_name='last year')),
                ('vector', django.contrib.postgres.search.SearchVectorField(blank=True, editable=False, null=True, verbose_name='search vector')),
                ('draft', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.CASCADE, related_name='+', to='workplan.draft', verbose_name='draft')),
                ('plan', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='+', to='workplan.plan', verbose_name='plan')),
                ('section', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.CASCADE, related_name='+', to='workplan.section', verbose_name='section')),
            ],
            options={
                'verbose_name': 'search document',
                'verbose_name_plural': 'search documents',
                'constraints': [models.UniqueConstraint(fields=('kind', 'object_id'), name='workplan_search_document_unique')],
            },
        ),
        vendor_sql(
            postgresql=["CREATE INDEX workplan_search_document_vector ON workplan_searchdocument USING gin (vector)"],
            postgresql_reverse=["DROP INDEX IF EXISTS workplan_search_document_vector"],
        ),
        migrations.RunPython(build_index, migrations.RunPython.noop, elidable=True),
    ]
