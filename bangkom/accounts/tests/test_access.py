"""Permissions, roles and the second factor come from the cache, and every change is seen on the very
next request, by any web worker: the key holds a number kept in the user's own row."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import Group, Permission
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django_otp.plugins.otp_totp.models import TOTPDevice

from bangkom.accounts import roles
from bangkom.accounts.access import access_of
from bangkom.accounts.models import User
from bangkom.accounts.roles import role_group_name
from bangkom.accounts.services import roles_sync

pytestmark = pytest.mark.django_db
EXPORT = "people.export_employees"


def fresh(user: User) -> User:
    """The user as the next request (in any worker) loads it."""
    return User.objects.get(pk=user.pk)


def test_the_second_request_reads_no_permission_or_role(users) -> None:
    access_of(fresh(users["admin"]))
    with CaptureQueriesContext(connection) as queries:
        again = fresh(users["admin"])
        allowed = again.has_perm(EXPORT), "admin" in access_of(again).roles, access_of(again).has_device
    assert allowed == (True, True, False)
    assert len(queries) == 1  # the user's row, which every request reads anyway


def test_a_role_taken_away_is_refused_on_the_next_request(users) -> None:
    operator = users["operator"]
    assert fresh(operator).has_perm(EXPORT)
    operator.groups.remove(Group.objects.get(name=role_group_name(roles.OPERATOR)))
    assert not fresh(operator).has_perm(EXPORT)
    assert not operator.has_perm(EXPORT)  # the object in hand too
    assert access_of(fresh(operator)).roles == frozenset()


def test_a_role_given_from_the_groups_side_counts_at_once(users) -> None:
    nobody = users["nobody"]
    assert not fresh(nobody).has_perm(EXPORT)
    Group.objects.get(name=role_group_name(roles.OPERATOR)).user_set.add(nobody)
    assert fresh(nobody).has_perm(EXPORT)
    Group.objects.get(name=role_group_name(roles.OPERATOR)).user_set.clear()
    assert not fresh(nobody).has_perm(EXPORT)
    assert not fresh(users["operator"]).has_perm(EXPORT)


def test_a_permission_taken_from_a_role_is_taken_from_every_holder(users) -> None:
    group = Group.objects.get(name=role_group_name(roles.OPERATOR))
    permission = Permission.objects.get(content_type__app_label="people", codename="export_employees")
    assert fresh(users["operator"]).has_perm(EXPORT)
    group.permissions.remove(permission)
    assert not fresh(users["operator"]).has_perm(EXPORT)
    roles_sync()  # the role table puts it back
    assert fresh(users["operator"]).has_perm(EXPORT)
    permission.group_set.clear()
    assert not fresh(users["operator"]).has_perm(EXPORT)
    assert not fresh(users["admin"]).has_perm(EXPORT)


def test_a_deleted_role_or_permission_is_gone_at_once(users) -> None:
    assert fresh(users["operator"]).has_perm(EXPORT)
    Permission.objects.get(content_type__app_label="people", codename="export_employees").delete()
    assert not fresh(users["operator"]).has_perm(EXPORT)
    assert fresh(users["operator"]).has_perm("people.view_unit_employees")
    Group.objects.get(name=role_group_name(roles.OPERATOR)).delete()
    assert not fresh(users["operator"]).has_perm("people.view_unit_employees")


def test_a_permission_given_to_the_user_alone_counts(users) -> None:
    nobody = users["nobody"]
    permission = Permission.objects.get(content_type__app_label="people", codename="export_employees")
    assert not fresh(nobody).has_perm(EXPORT)
    nobody.user_permissions.add(permission)
    assert fresh(nobody).has_perm(EXPORT)
    permission.user_set.remove(nobody)
    assert not fresh(nobody).has_perm(EXPORT)


def test_superuser_inactive_and_object_permissions(users) -> None:
    nobody = users["nobody"]
    access_of(fresh(nobody))
    User.objects.filter(pk=nobody.pk).update(is_superuser=True)  # the key holds it: no stale answer
    assert fresh(nobody).has_perm(EXPORT)
    User.objects.filter(pk=nobody.pk).update(is_active=False)
    assert not fresh(nobody).has_perm(EXPORT)
    assert fresh(nobody).get_all_permissions() == set()
    assert not fresh(users["admin"]).has_perm(EXPORT, obj=users["admin"])  # no object permissions here


def test_an_authenticator_set_up_or_removed_changes_what_the_log_in_asks(users) -> None:
    admin = users["admin"]
    assert not access_of(fresh(admin)).has_device
    device = TOTPDevice.objects.create(user=admin, name="HP", confirmed=True)
    assert access_of(fresh(admin)).has_device
    client = Client()
    client.force_login(admin)
    assert client.get(reverse("people:list")).url.startswith(reverse("accounts:two-factor-verify"))
    device.delete()
    assert not access_of(fresh(admin)).has_device
    assert client.get(reverse("people:list")).status_code == 200


def test_the_menu_follows_a_role_change_on_the_next_page(users) -> None:
    client = Client()
    client.force_login(users["operator"])
    assert "Data pegawai" in client.get(reverse("core:dashboard")).content.decode()
    users["operator"].groups.clear()
    assert "Data pegawai" not in client.get(reverse("core:dashboard")).content.decode()
