"""The ``<id:…>`` path converter for object ids, and ``parse_id`` for ids in forms and queries.

Django's ``<int:…>`` accepts any number of digits; a number past what the database stores
(SQLite and PostgreSQL ``bigint``: 2**63 - 1) made SQLite raise ``OverflowError`` (a server error)
instead of "not found". ``<id:…>`` refuses such numbers (``ValueError`` in ``to_python`` means
"this pattern does not match"), so the address answers 404 on every database. It is registered
under its own name: Django 5.1 deprecates overriding the built-in ``int`` converter.
"""

from django import forms
from django.core.exceptions import ValidationError
from django.urls import register_converter

MAX_ID = 2**63 - 1


def parse_id(value):
    """The id written in ``value`` (digits only, at most ``MAX_ID``), or None."""
    text = str(value if value is not None else "").strip()
    if not text.isascii() or not text.isdigit():
        return None
    number = int(text)
    return number if number <= MAX_ID else None


class IdConverter:
    regex = "[0-9]+"

    def to_python(self, value):
        number = parse_id(value)
        if number is None:
            raise ValueError(value)
        return number

    def to_url(self, value):
        return str(int(value))


register_converter(IdConverter, "id")


class BoundedModelMultipleChoiceField(forms.ModelMultipleChoiceField):
    """A ``ModelMultipleChoiceField`` whose posted ids past ``MAX_ID`` are "not a valid value"
    (Django's own field lets SQLite raise ``OverflowError`` on them)."""

    def _check_values(self, value):
        if (self.to_field_name or "pk") == "pk":
            for pk in value:
                if parse_id(pk) is None:
                    raise ValidationError(
                        self.error_messages["invalid_pk_value"],
                        code="invalid_pk_value",
                        params={"pk": pk},
                    )
        return super()._check_values(value)
