"""CSV / XLSX import and export of contacts and products (django-import-export).

Rows go through the same normalisation as every other create path; a bad row is reported
with its line and reason and, because imports run in one transaction, nothing of the file
is saved until every row is valid.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from import_export import fields, resources, widgets

from crm.models import Company, Contact, Product, Tag
from crm.services.cleaning import email_normalize, phone_to_e164


class PhoneWidget(widgets.CharWidget):
    def clean(self, value, row=None, **kwargs):
        try:
            return phone_to_e164(str(value or ""))
        except ValidationError as exc:
            raise ValueError(exc.messages[0]) from exc


class EmailWidget(widgets.CharWidget):
    def clean(self, value, row=None, **kwargs):
        return email_normalize(str(value or ""))


class CompanyByNameWidget(widgets.ForeignKeyWidget):
    """Finds the company by name, creating it when the file names a new one."""

    def __init__(self):
        super().__init__(Company, field="name")

    def clean(self, value, row=None, **kwargs):
        name = (value or "").strip()
        if not name:
            return None
        company = Company.objects.filter(name__iexact=name).first()
        return company or Company.objects.create(name=name)


class TagNamesWidget(widgets.ManyToManyWidget):
    def __init__(self):
        super().__init__(Tag, field="name", separator=",")

    def clean(self, value, row=None, **kwargs):
        names = {n.strip().lower() for n in str(value or "").split(",") if n.strip()}
        return [Tag.objects.get_or_create(name=name)[0] for name in sorted(names)]


class ContactResource(resources.ModelResource):
    email = fields.Field(attribute="email", column_name="email", widget=EmailWidget())
    phone = fields.Field(attribute="phone", column_name="phone", widget=PhoneWidget())
    company = fields.Field(attribute="company", column_name="company", widget=CompanyByNameWidget())
    tags = fields.Field(attribute="tags", column_name="tags", widget=TagNamesWidget(), m2m_add=False)

    class Meta:
        model = Contact
        fields = ("id", "first_name", "last_name", "email", "phone", "company", "job_title",
                  "industry", "city", "country", "language", "timezone", "status", "source",
                  "segment", "tags", "notes")
        export_order = fields
        clean_model_instances = True
        skip_unchanged = True
        report_skipped = True

    def before_save_instance(self, instance, row, **kwargs):
        if instance.status == Contact.Status.MERGED and instance.merged_into_id is None:
            raise ValidationError({"status": "Contacts become “merged” only through a merge."})
        if not instance.pk and instance.source == Contact.Source.MANUAL:
            instance.source = Contact.Source.IMPORT


class ProductResource(resources.ModelResource):
    features = fields.Field(attribute="features", column_name="features", widget=widgets.JSONWidget())

    class Meta:
        model = Product
        import_id_fields = ("sku",)
        fields = ("sku", "name", "category", "description", "price", "currency", "stock",
                  "low_stock_threshold", "features", "active")
        export_order = fields
        clean_model_instances = True
        skip_unchanged = True
        report_skipped = True
