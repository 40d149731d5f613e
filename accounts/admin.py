from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.contrib.auth.forms import AdminUserCreationForm, UserChangeForm
from django.utils.translation import gettext_lazy as _

from .models import AccountRequest, Country, ExpertProfile, Institution, Invitation, User


@admin.register(Country)
class CountryAdmin(admin.ModelAdmin):
    list_display = ["code", "name_es", "name_en", "name_pt", "name_fr"]
    search_fields = ["code", "name_es", "name_en", "name_pt", "name_fr"]


@admin.register(Institution)
class InstitutionAdmin(admin.ModelAdmin):
    list_display = ["name", "acronym", "country"]
    list_filter = ["country"]
    list_select_related = ["country"]
    search_fields = ["name", "acronym"]


class ExpertProfileInline(admin.StackedInline):
    model = ExpertProfile
    fk_name = "user"
    extra = 0
    autocomplete_fields = ["institution"]
    # The CV is served only through the permission-checked view, never from a media URL.
    exclude = ["cv"]


class UserCreationAdminForm(AdminUserCreationForm):
    class Meta:
        model = User
        fields = ["email", "full_name", "role"]


class UserChangeAdminForm(UserChangeForm):
    class Meta:
        model = User
        fields = "__all__"


@admin.register(User)
class UserAdmin(DjangoUserAdmin):
    """People are normally invited from the site; the admin is for repairs."""

    form = UserChangeAdminForm
    add_form = UserCreationAdminForm
    ordering = ["full_name"]
    list_display = ["full_name", "email", "role", "institution", "is_active"]
    list_filter = ["role", "is_active", "is_oas_specialist", "is_staff"]
    list_select_related = ["institution"]
    search_fields = ["full_name", "email"]
    autocomplete_fields = ["institution"]
    inlines = [ExpertProfileInline]
    fieldsets = [
        (None, {"fields": ["email", "password"]}),
        (
            _("Person"),
            {
                "fields": [
                    "full_name",
                    "role",
                    "institution",
                    "position",
                    "phone",
                    "preferred_language",
                    "is_oas_specialist",
                ]
            },
        ),
        (
            _("Access"),
            {"fields": ["is_active", "is_staff", "is_superuser", "groups", "user_permissions"]},
        ),
        (_("Dates"), {"fields": ["last_login", "date_joined"]}),
    ]
    add_fieldsets = [
        (
            None,
            {
                "classes": ["wide"],
                "fields": [
                    "email",
                    "full_name",
                    "role",
                    "usable_password",
                    "password1",
                    "password2",
                ],
            },
        ),
    ]
    filter_horizontal = ["groups", "user_permissions"]


@admin.register(Invitation)
class InvitationAdmin(admin.ModelAdmin):
    list_display = [
        "email",
        "full_name",
        "role",
        "invited_by",
        "created_at",
        "expires_at",
        "used_at",
        "revoked_at",
    ]
    list_filter = ["role"]
    list_select_related = ["invited_by"]
    search_fields = ["email", "full_name"]
    readonly_fields = ["token_hash", "created_at", "used_at", "user", "invited_by"]

    def has_add_permission(self, request):
        # Invitations are created on the site's "Invite a person" page, which sends the link.
        return False


@admin.register(AccountRequest)
class AccountRequestAdmin(admin.ModelAdmin):
    list_display = ["full_name", "email", "country", "requested_role", "status", "created_at"]
    list_filter = ["status", "requested_role", "country"]
    list_select_related = ["country"]
    search_fields = ["full_name", "email", "institution_name"]
    readonly_fields = ["decided_by", "decided_at"]
