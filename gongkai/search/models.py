"""The search index's own rows: one SearchDocument per public thing (a published record, …).

The engine-specific index (an SQLite FTS5 table, or a PostgreSQL tsvector table with a GIN index) is
created by migration 0002 for the database in use and kept in step by `search.backends`; this model
knows nothing of it."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class SearchDocument(models.Model):
    kind = models.CharField(_("类别"), max_length=40)
    object_id = models.CharField(_("对象编号"), max_length=64)
    jurisdiction_code = models.CharField(_("区划代码"), max_length=12, blank=True, db_index=True)
    domain_slug = models.CharField(_("领域"), max_length=80, blank=True, db_index=True)
    unit_id = models.BigIntegerField(_("单位"), null=True, blank=True, db_index=True)
    title = models.CharField(_("标题"), max_length=500)
    body = models.TextField(_("正文"), blank=True)
    url = models.CharField(_("地址"), max_length=500, blank=True)
    published_at = models.DateTimeField(_("发布时间"), null=True, blank=True, db_index=True)
    # Indexed text: the pairs of title and body (bigrams.index_text) — handed to the engine when the document is
    # written and left empty in this table (backends.NOT_STORED; rows written before keep theirs) —, and the
    # normalised title + body that confirms each Chinese run as a substring (and answers single-character queries).
    title_terms = models.TextField(blank=True)
    body_terms = models.TextField(blank=True)
    normalised_text = models.TextField(blank=True)
    indexed_at = models.DateTimeField(_("索引时间"), auto_now=True)

    class Meta:
        verbose_name = _("检索文档")
        verbose_name_plural = _("检索文档")
        constraints = [
            models.UniqueConstraint(fields=["kind", "object_id"], name="search_document_unique_object"),
        ]

    def __str__(self) -> str:
        return f"{self.kind}:{self.object_id} {self.title}"
