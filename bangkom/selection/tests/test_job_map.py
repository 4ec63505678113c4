"""The job map (peta jabatan) drives the inventory: built from the registry or imported, a round names
its target posts, and the inventory proposes those posts' holders without the training and the rule
set's feeders in the same units — no one from elsewhere, never a teacher."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.test import Client
from django.urls import reverse

from bangkom.core.errors import ServiceError
from bangkom.people.models import Employee, Post
from bangkom.people.services import posts_from_registry, posts_import
from bangkom.selection.models import RoundTargetPost
from bangkom.selection.services import inventory_apply, round_target_posts_set
from bangkom.selection.tests.test_rounds import official, open_round, workforce  # noqa: F401 - fixture
from conftest import page_text

pytestmark = pytest.mark.django_db
OTHER_ROLES = ("operator", "penilai", "tspdi", "pimpinan", "pegawai", "kabid", "umum", "nobody")


def test_the_job_map_is_built_from_the_officials_holding_posts_once(users, workforce) -> None:  # noqa: F811
    assert posts_from_registry(actor=users["admin"]) == 4  # two heads (II.b), III.a, III.b; the pelaksana holds none
    assert posts_from_registry(actor=users["admin"]) == 0  # nothing twice
    head = Post.objects.get(holder=workforce["head_untrained"])
    assert (head.name, head.eselon_id, head.unit.name) == ("Jabatan Kepala Dinas", "22", "Dinas Pendidikan")
    assert head.history.first().history_user == users["admin"]
    for role in OTHER_ROLES:
        with pytest.raises(ServiceError):
            posts_from_registry(actor=users[role])


def test_an_imported_job_map_is_all_or_nothing_and_names_each_bad_row(users, workforce, tree) -> None:  # noqa: F811
    rows = [
        {"kode_unit": tree.disdik.code, "nama_jabatan": "Kepala Dinas Pendidikan", "eselon": "II.b",
         "nip_pemangku": workforce["head_untrained"].nip},
        {"kode_unit": "TIDAK-ADA", "nama_jabatan": "Kepala Bidang", "eselon": "III.b", "nip_pemangku": ""},
        {"kode_unit": tree.disdik.code, "nama_jabatan": "Sekretaris", "eselon": "jabatan", "nip_pemangku": ""},
        {"kode_unit": tree.disdik.code, "nama_jabatan": "Kepala Bidang SD", "eselon": "32",
         "nip_pemangku": "197201012000031001999"},
        {"kode_unit": tree.dinkes.code, "nama_jabatan": "Kepala Dinas Kesehatan", "eselon": "II.b",
         "nip_pemangku": workforce["head_untrained"].nip},
    ]  # fmt: skip
    with pytest.raises(ValidationError) as refused:
        posts_import(actor=users["admin"], rows=rows)
    assert refused.value.messages == [
        "Baris 3, kolom kode_unit, nilai 'TIDAK-ADA': unit kerja tidak dikenal",
        "Baris 4, kolom eselon, nilai 'jabatan': bukan eselon jabatan struktural",
        "Baris 5, kolom nip_pemangku, nilai '197201012000031001999': pegawai dengan NIP ini tidak ada",
        "Baris 6, kolom nip_pemangku, nilai '197201012000031001': sudah memangku jabatan pada baris 2",
    ]
    assert not Post.objects.exists()
    good = [rows[0], {**rows[3], "nip_pemangku": "", "eselon": "32"}, {**rows[4], "nip_pemangku": ""}]
    assert posts_import(actor=users["admin"], rows=good) == 3
    assert Post.objects.get(name="Kepala Bidang SD").holder is None  # vacant
    # Reimported with the head moved to Dinkes: one holder, one post.
    moved = [{**rows[0], "nip_pemangku": ""}, {**rows[4]}]
    posts_import(actor=users["admin"], rows=moved)
    assert Post.objects.get(holder=workforce["head_untrained"]).name == "Kepala Dinas Kesehatan"
    assert Post.objects.count() == 3


def test_the_import_command_reads_a_csv(users, workforce, tree, tmp_path, capsys) -> None:  # noqa: F811
    path = tmp_path / "peta.csv"
    path.write_text(
        "kode_unit,nama_jabatan,eselon,nip_pemangku\n"
        f"{tree.disdik.code},Kepala Dinas Pendidikan,II.b,{workforce['head_untrained'].nip}\n",
        encoding="utf-8",
    )
    call_command("import_job_map", str(path))
    assert "1 jabatan diimpor." in capsys.readouterr().out
    assert Post.objects.get().holder == workforce["head_untrained"]


def test_target_posts_drive_the_bekasi_inventory(users, workforce, tree) -> None:  # noqa: F811
    """Bekasi: the Dinas Pendidikan head post is the target; its holder (no PKN II) and the III.a
    official of that unit are proposed; Dinkes' head holds PKN II already; Dinkes' own III.a official
    is outside the target post's unit; a teacher of golongan IV is never a feeder."""
    dinkes_secretary = official(tree.dinkes, "197701012002121005", "Sekretaris Dinkes", "31", 41)
    teacher = official(tree.school, "197801012003121008", "Guru Madya", None, 42)
    Employee.objects.filter(pk=teacher.pk).update(position_kind_id="fungsional")
    posts_from_registry(actor=users["admin"])
    selection_round = open_round(users, ruleset="bekasi-diklatpim-ii")
    target = Post.objects.get(holder=workforce["head_untrained"])
    level_three = Post.objects.get(holder=workforce["kabid_a"])
    with pytest.raises(ServiceError, match="bukan jabatan eselon yang diisi lulusan PKN Tingkat II"):
        round_target_posts_set(actor=users["admin"], selection_round=selection_round, posts=[target, level_three])
    for role in OTHER_ROLES:
        with pytest.raises(ServiceError):
            round_target_posts_set(actor=users[role], selection_round=selection_round, posts=[target])
    assert round_target_posts_set(actor=users["admin"], selection_round=selection_round, posts=[target]) == 1
    inventory_apply(actor=users["admin"], selection_round=selection_round)
    proposed = dict(selection_round.candidates.values_list("employee__name", "source"))
    assert proposed == {"Kepala Dinas": "menjabat", "Sekretaris Dinas": "jabatan_di_bawah"}
    assert dinkes_secretary.name not in proposed and teacher.name not in proposed
    # Without target posts the whole agency's III.a officials are feeders.
    whole = open_round(users, ruleset="bekasi-diklatpim-ii")
    inventory_apply(actor=users["admin"], selection_round=whole)
    assert "Sekretaris Dinkes" in set(whole.candidates.values_list("employee__name", flat=True))
    # Replacing the choice leaves a history row of the removal, by whom.
    round_target_posts_set(actor=users["admin"], selection_round=selection_round, posts=[])
    assert not RoundTargetPost.objects.filter(round=selection_round).exists()
    assert RoundTargetPost.history.filter(history_type="-").get().history_user == users["admin"]


def test_the_target_post_page_lists_the_level_posts_and_saves_the_choice(users, workforce) -> None:  # noqa: F811
    posts_from_registry(actor=users["admin"])
    selection_round = open_round(users)
    client = Client()
    client.force_login(users["admin"])
    url = reverse("selection:target-posts", args=[selection_round.pk])
    page = client.get(url).content.decode()
    assert "Jabatan Kepala Dinas (II.b) · Dinas Pendidikan · Kepala Dinas" in page
    assert "Jabatan Sekretaris Dinas" not in page  # III.a: not a post a level II round fills
    target = Post.objects.get(holder=workforce["head_trained"])
    response = client.post(url, {"posts": [str(target.pk)]}, follow=True)
    assert "Jabatan sasaran disimpan." in response.content.decode()
    assert "Jabatan Kepala Dinkes (II.b, Kepala Dinkes)" in page_text(response)
    wrong = client.post(url, {"posts": ["999999"]}).content.decode()
    assert "999999 bukan salah satu dari pilihan yang tersedia" in wrong


def test_the_target_post_page_queries_do_not_grow_with_the_posts(users, workforce, tree) -> None:  # noqa: F811
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from bangkom.people.services import post_save

    posts_from_registry(actor=users["admin"])
    selection_round = open_round(users)
    client = Client()
    client.force_login(users["admin"])
    url = reverse("selection:target-posts", args=[selection_round.pk])
    client.get(url)

    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert client.get(url).status_code == 200
        return len(captured)

    before = queries()
    for n in range(20):  # vacant and held eselon II posts in two units
        post_save(
            actor=users["admin"],
            post=Post(unit=tree.dinkes if n % 2 else tree.disdik, name=f"Staf Ahli {n}", eselon_id="22"),
        )
    assert queries() == before
