"""Channel screens of a record: other channels it was published on, printed bulletins and their state."""

from django.urls import path

from gongkai.backoffice import views_channels as views

urlpatterns = [
    path("records/<int:pk>/channels/", views.record_channels, name="channels_record"),
    path("records/<int:pk>/channels/new/", views.publication_new, name="channels_publication_new"),
    path("records/<int:pk>/channels/<int:publication_pk>/delete/", views.publication_delete,
         name="channels_publication_delete"),
    path("records/<int:pk>/channels/print/", views.print_bulletin, name="channels_print"),
    path("channels/boards/", views.boards, name="channels_boards"),
    path("channels/new-media/", views.new_media_accounts, name="new_media_accounts"),
    path("channels/new-media/new/", views.new_media_account_new, name="new_media_account_new"),
    path("channels/new-media/<int:pk>/", views.new_media_account, name="new_media_account"),
]
