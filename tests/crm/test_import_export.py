from __future__ import annotations

import io
import re

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from crm.models import Company, Contact, Product

pytestmark = pytest.mark.django_db

GOOD_ROWS = (
    "first_name,last_name,email,phone,company,tags,language\n"
    "María José,de la Cruz,MARIA@Example.com,6123-4567,Canal Logistics,\"b2b, vip\",es\n"
    "James,Smith,james@example.com,+1 415 234 5678,,newsletter,en\n"
)
BAD_ROW = "Pedro,Gómez,pedro@example.com,12,,,es\n"


def _upload(client, url_name, content: bytes, name: str, fmt: str):
    return client.post(reverse(url_name), {
        "import_file": SimpleUploadedFile(name, content), "format": fmt, "resource": "0",
    })


def _confirm(client, url_name, page: str):
    fields = dict(re.findall(r'name="(import_file_name|original_file_name|format|resource)"[^>]*value="([^"]*)"', page))
    assert "import_file_name" in fields, "no confirmation form: the dry run reported errors"
    return client.post(reverse(url_name), fields)


def test_csv_import_with_a_bad_row_reports_it_and_imports_nothing(admin_client):
    response = _upload(admin_client, "admin:crm_contact_import", (GOOD_ROWS + BAD_ROW).encode(),
                       "contacts.csv", "0")
    page = response.content.decode()
    assert response.status_code == 200
    assert "Some rows failed to validate" in page
    assert "“12” is not a valid phone number" in page
    assert "Pedro" in page and "María José" not in page  # only the bad row is listed
    assert 'name="import_file_name"' not in page  # no way to confirm a file with errors
    assert Contact.objects.count() == 0
    assert Company.objects.count() == 0


def test_csv_import_normalises_rows_after_confirmation(admin_client):
    preview = _upload(admin_client, "admin:crm_contact_import", GOOD_ROWS.encode(), "contacts.csv", "0")
    assert preview.status_code == 200
    assert Contact.objects.count() == 0  # the preview is a dry run
    done = _confirm(admin_client, "admin:crm_contact_process_import", preview.content.decode())
    assert done.status_code == 302
    maria = Contact.objects.get(email="maria@example.com")
    assert maria.phone == "+50761234567"
    assert maria.company.name == "Canal Logistics"
    assert sorted(t.name for t in maria.tags.all()) == ["b2b", "vip"]
    assert maria.source == Contact.Source.IMPORT
    assert Contact.objects.get(email="james@example.com").phone == "+14152345678"


def test_products_import_from_xlsx_and_export_as_csv(admin_client):
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["sku", "name", "category", "price", "currency", "stock", "features", "active"])
    sheet.append(["LAP-1", "Dell XPS 13", "laptops", 1200, "USD", 5, '["16 GB RAM"]', 1])
    sheet.append(["LAP-2", "ThinkPad E14", "laptops", 849, "USD", 9, "[]", 1])
    buffer = io.BytesIO()
    book.save(buffer)
    preview = _upload(admin_client, "admin:crm_product_import", buffer.getvalue(), "products.xlsx", "1")
    done = _confirm(admin_client, "admin:crm_product_process_import", preview.content.decode())
    assert done.status_code == 302
    assert Product.objects.get(sku="LAP-1").features == ["16 GB RAM"]

    exported = admin_client.post(reverse("admin:crm_product_export"), {
        "format": "0", "resource": "0",
        **{f"productresource_{name}": "on" for name in ("sku", "name", "price", "stock")},
    })
    assert exported.status_code == 200
    text = exported.content.decode()
    assert "LAP-1" in text and "ThinkPad E14" in text


def test_bad_price_row_in_products_is_reported(admin_client):
    content = b"sku,name,category,price,currency,stock,features,active\nLAP-9,X,laptops,-4,USD,1,[],1\n"
    page = _upload(admin_client, "admin:crm_product_import", content, "p.csv", "0").content.decode()
    assert "price" in page.lower() and "greater than or equal to 0" in page
    assert Product.objects.count() == 0
