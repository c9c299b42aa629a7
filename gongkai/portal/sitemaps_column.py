"""The sitemap's entries for the 政府信息公开 column: each jurisdiction's guide, its 制度 list and documents, and its
法定主动公开内容 page (one query per section, whatever the number of jurisdictions)."""

from __future__ import annotations

from django.contrib.sitemaps import Sitemap
from django.urls import reverse

from gongkai.columns import selectors as column_selectors
from gongkai.columns.models import RulesDocument
from gongkai.portal import selectors


class GuideSitemap(Sitemap):
    changefreq = "monthly"
    priority = 0.7

    def items(self):
        return list(column_selectors.jurisdictions_with_guides().values_list("code", flat=True))

    def location(self, code):
        return reverse("portal:guide", kwargs={"code": code})


class RulesSitemap(Sitemap):
    changefreq = "monthly"
    priority = 0.6

    def items(self):
        return list(column_selectors.jurisdictions_with_rules().values_list("code", flat=True))

    def location(self, code):
        return reverse("portal:rules", kwargs={"code": code})


class RulesDocumentSitemap(Sitemap):
    changefreq = "yearly"
    priority = 0.5

    def items(self):
        return list(RulesDocument.objects.filter(is_public=True).order_by("id")
                    .values_list("jurisdiction__code", "pk"))

    def location(self, pair):
        return reverse("portal:rules_document", kwargs={"code": pair[0], "pk": pair[1]})


class ProactiveSitemap(Sitemap):
    changefreq = "weekly"
    priority = 0.7

    def items(self):
        return list(selectors.jurisdictions_with_catalogs().values_list("code", flat=True))

    def location(self, code):
        return reverse("portal:proactive", kwargs={"code": code})


SITEMAPS = {"guides": GuideSitemap, "rules": RulesSitemap, "rules_documents": RulesDocumentSitemap,
            "proactive": ProactiveSitemap}
