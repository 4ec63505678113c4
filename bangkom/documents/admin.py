from __future__ import annotations

from typing import Any, cast

from django import forms
from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from bangkom.core.admin import AuditedAdmin
from bangkom.core.errors import ServiceError

from .kinds import kind_choices
from .models import LegalBasis, Letterhead, NumberSequence, PostHolder, SigningPost
from .services import (
    lambang_png,
    legal_basis_save,
    letterhead_save,
    number_format_check,
    number_sequence_check,
    number_sequence_save,
    post_holder_check,
    post_holder_save,
    signing_post_check,
    signing_post_save,
)


class NumberSequenceForm(forms.ModelForm):
    class Meta:
        model = NumberSequence
        fields = ["series", "year", "number_format", "last_number"]

    def clean_number_format(self) -> Any:
        value = self.cleaned_data["number_format"]
        if value:
            try:
                number_format_check(value)
            except ServiceError as error:
                raise forms.ValidationError(str(error)) from None
        return value

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if not self.errors:
            try:
                posted = {name: data.get(name) for name in ("series", "year", "number_format", "last_number")}
                number_sequence_check(NumberSequence(**posted))
            except ServiceError as error:
                self.add_error("last_number", str(error))
        return data


@admin.register(NumberSequence)
class NumberSequenceAdmin(AuditedAdmin):
    form = NumberSequenceForm
    list_display = ["series", "year", "last_number", "number_format"]
    list_filter = ["year", "series"]

    def save_model(self, request: Any, obj: NumberSequence, form: Any, change: bool) -> None:
        number_sequence_save(actor=request.user, sequence=obj)


class SigningPostForm(forms.ModelForm):
    class Meta:
        model = SigningPost
        fields = ["code", "name", "on_behalf_of"]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        above = data.get("on_behalf_of")
        if not self.errors and above is not None:
            post = SigningPost(
                pk=self.instance.pk,
                code=data.get("code") or self.instance.code,
                name=data.get("name", ""),
                on_behalf_of=above,
            )
            try:
                signing_post_check(post)
            except ServiceError as error:
                self.add_error("on_behalf_of", str(error))
        return data


@admin.register(SigningPost)
class SigningPostAdmin(AuditedAdmin):
    form = SigningPostForm
    list_display = ["name", "code", "on_behalf_of"]
    search_fields = ["name", "code"]

    def get_readonly_fields(self, request: Any, obj: SigningPost | None = None) -> Any:
        return ["code"] if obj else []  # the kinds name posts by code

    def save_model(self, request: Any, obj: SigningPost, form: Any, change: bool) -> None:
        signing_post_save(actor=request.user, post=obj)


class PostHolderForm(forms.ModelForm):
    class Meta:
        model = PostHolder
        fields = ["post", "employee", "name", "acting", "start", "end", "basis"]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if not self.errors:
            holder = PostHolder(pk=self.instance.pk, **{name: data.get(name) for name in self.Meta.fields})
            try:
                post_holder_check(holder)  # saved, with the check again under a lock, by save_model
            except ServiceError as error:
                raise forms.ValidationError(str(error)) from None
        return data


@admin.register(PostHolder)
class PostHolderAdmin(AuditedAdmin):
    form = PostHolderForm
    list_display = ["post", "acting", "holder_name", "start", "end"]
    list_filter = ["post", "acting"]
    raw_id_fields = ["employee"]  # 7,000 to 300,000 employees: no drop-down
    search_fields = ["employee__name", "employee__nip", "name", "post__name"]

    def save_model(self, request: Any, obj: PostHolder, form: Any, change: bool) -> None:
        post_holder_save(actor=request.user, holder=obj)


class LegalBasisForm(forms.ModelForm):
    kind = forms.ChoiceField(label=_("Jenis dokumen"))

    class Meta:
        model = LegalBasis
        fields = ["kind", "section", "order", "text"]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["kind"]).choices = kind_choices()


@admin.register(LegalBasis)
class LegalBasisAdmin(AuditedAdmin):
    """What each kind cites, for the agency to adjust to its own regional regulations."""

    form = LegalBasisForm
    list_display = ["kind", "section", "order", "text", "example"]
    list_filter = ["kind", "section", "example"]
    search_fields = ["text"]

    def save_model(self, request: Any, obj: LegalBasis, form: Any, change: bool) -> None:
        legal_basis_save(actor=request.user, item=obj)  # the form already refused what the service would


class LetterheadForm(forms.ModelForm):
    lambang_file = forms.FileField(
        label=_("Lambang daerah (PNG atau JPEG)"),
        required=False,
        help_text=_("Dicetak pada kop surat instansi dan kop keputusan kepala daerah."),
    )
    remove_lambang = forms.BooleanField(label=_("Hapus lambang"), required=False)

    class Meta:
        model = Letterhead
        fields = ["government", "agency_name", "address", "phone", "website", "email", "city", "region_head"]

    def clean_lambang_file(self) -> Any:
        upload = self.cleaned_data.get("lambang_file")
        if upload is None:
            return None
        content = upload.read()
        try:
            lambang_png(content, upload.name)  # refused here, on the form, with the file named
        except ServiceError as error:
            raise forms.ValidationError(str(error)) from None
        return content


@admin.register(Letterhead)
class LetterheadAdmin(AuditedAdmin):
    """The agency's kop and lambang: one record, edited, never a second one."""

    form = LetterheadForm
    list_display = ["agency_name", "government", "city", "has_lambang"]
    readonly_fields = ["lambang_preview"]

    @admin.display(description=_("Lambang"), boolean=True)
    def has_lambang(self, obj: Letterhead) -> bool:
        return bool(obj.lambang)

    @admin.display(description=_("Lambang tersimpan"))
    def lambang_preview(self, obj: Letterhead) -> str:
        return str(_("ada (%(size)s KB)") % {"size": len(obj.lambang) // 1024 or 1} if obj.lambang else _("belum ada"))

    def has_add_permission(self, request: Any) -> bool:
        return super().has_add_permission(request) and not Letterhead.objects.exists()

    def has_delete_permission(self, request: Any, obj: Any = None) -> bool:
        return False

    def save_model(self, request: Any, obj: Letterhead, form: Any, change: bool) -> None:
        letterhead_save(
            actor=request.user,
            head=obj,
            lambang=form.cleaned_data.get("lambang_file"),
            lambang_name=getattr(request.FILES.get("lambang_file"), "name", ""),
            remove_lambang=form.cleaned_data.get("remove_lambang", False),
        )
