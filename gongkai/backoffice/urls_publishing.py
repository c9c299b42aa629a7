"""Publishing screens: records, entries, review, masking, withdrawal."""

from django.urls import path

from gongkai.backoffice import views_item_columns
from gongkai.backoffice import views_publishing as views

urlpatterns = [
    path("records/", views.records, name="records"),
    path("records/new/", views.record_create, name="record_create"),
    path("records/items/<int:item_pk>/nothing/", views.record_nothing, name="record_nothing"),
    path("records/<int:pk>/", views.record_detail, name="record"),
    path("records/<int:pk>/edit/", views.record_edit, name="record_edit"),
    path("records/<int:pk>/document.<str:ext>", views.record_document, name="record_document"),
    path("records/<int:pk>/review/", views.record_review, name="record_review"),
    path("records/<int:pk>/mask/", views.record_mask, name="record_mask"),
    # One URL per step of the record (submit, start, approve, return, …, withdraw, archive), one view.
    *[path(f"records/<int:pk>/{step}/", views.record_move, {"step": step}, name=f"record_{step}")
      for step in views.RECORD.steps],
    path("records/<int:pk>/attachments/<int:attachment_pk>/", views.attachment_file, name="record_attachment"),
    path("records/<int:pk>/attachments/<int:attachment_pk>/text/", views.attachment_text_requeue,
         name="record_attachment_text_requeue"),
    path("records/<int:pk>/attachments/<int:attachment_pk>/public-copy/", views.attachment_public_copy,
         name="record_attachment_public_copy"),
    path("records/<int:pk>/attachments/<int:attachment_pk>/remove/", views.attachment_remove,
         name="record_attachment_remove"),
    path("records/<int:pk>/entries/<int:item_pk>/", views.entries, name="record_entries"),
    path("records/<int:pk>/entries/<int:item_pk>/<int:entry_pk>/edit/", views.entry_edit, name="record_entry_edit"),
    path("records/<int:pk>/entries/<int:item_pk>/<int:entry_pk>/delete/", views.entry_delete,
         name="record_entry_delete"),
    path("records/<int:pk>/entries/<int:item_pk>/template.xlsx", views.entries_template,
         name="record_entries_template"),
    path("records/<int:pk>/entries/<int:item_pk>/import/", views.entries_import, name="record_entries_import"),
    path("records/<int:pk>/entries/<int:item_pk>/columns/", views_item_columns.entry_columns_add,
         name="record_entry_columns_add"),
]
