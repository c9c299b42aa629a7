"""The lists a catalog is built from (权责清单, 公共服务事项清单, 负面清单): import, coverage, links."""

from django.urls import path

from gongkai.backoffice import views_lists as views

urlpatterns = [
    path("lists/", views.source_lists, name="source_lists"),
    path("lists/import/", views.source_list_import, name="source_list_import"),
    path("lists/<int:pk>/", views.source_list_detail, name="source_list"),
    path("lists/<int:pk>/link-by-name/", views.source_list_link_by_name, name="source_list_link_by_name"),
    path("lists/entries/<int:pk>/link/", views.source_list_link, name="source_list_link"),
    path("lists/links/<int:pk>/unlink/", views.source_list_unlink, name="source_list_unlink"),
]
