from django.urls import path

from . import team_views, views

app_name = "selection"

urlpatterns = [
    path("", views.round_list, name="list"),
    path("baru/", views.round_open, name="open"),
    path("<int:round_id>/", views.round_detail, name="detail"),
    path("<int:round_id>/penjaringan/", views.round_inventory, name="inventory"),
    path("<int:round_id>/saring/", views.round_screen, name="screen"),
    path("<int:round_id>/status/", views.round_move, name="move"),
    path("<int:round_id>/jabatan-sasaran/", views.round_target_posts, name="target-posts"),
    path("<int:round_id>/calon/tambah/", views.candidate_add, name="candidate-add"),
    path("<int:round_id>/calon/<int:candidate_id>/keluarkan/", views.candidate_exclude, name="candidate-exclude"),
    path("<int:round_id>/calon/keluarkan/", views.candidates_exclude, name="candidates-exclude"),
    path("<int:round_id>/calon/terima-dokumen/", views.papers_accept, name="papers-accept"),
    path("<int:round_id>/calon/<int:candidate_id>/data/", views.candidate_facts, name="candidate-facts"),
    path("<int:round_id>/calon/<int:candidate_id>/penilai/", views.assessor_assign, name="assessor-assign"),
    path("<int:round_id>/dokumen/", views.round_documents, name="documents"),
    path("<int:round_id>/simulasi/", views.round_what_if, name="what-if"),
    path(
        "<int:round_id>/calon/<int:candidate_id>/dokumen/<int:check_id>/", views.document_verify, name="document-verify"
    ),
    path("<int:round_id>/tabulasi/", views.round_tabulation, name="tabulation"),
    path("<int:round_id>/tabulasi/dokumen/", views.round_tabulation_document, name="tabulation-document"),
    path("tspdi/", team_views.team_list, name="teams"),
    path("tspdi/<int:team_id>/", team_views.team_detail, name="team"),
    path("tspdi/<int:team_id>/sidang/", team_views.session_record, name="session-record"),
    path("sidang/<int:session_id>/", team_views.session_detail, name="session"),
    path("sidang/<int:session_id>/kesimpulan/", team_views.session_minutes, name="session-minutes"),
    path("sidang/<int:session_id>/keputusan/", team_views.session_decisions, name="session-decisions"),
    path(
        "sidang/<int:session_id>/keputusan-sekaligus/", team_views.session_decisions_bulk, name="session-decisions-bulk"
    ),
    path("sidang/<int:session_id>/dokumen/<str:kind>/", team_views.session_document, name="session-document"),
    path("penilaian/", views.assessment_list, name="assessments"),
    path("penilaian/<int:assessment_id>/", views.assessment_edit, name="assessment"),
]
