"""A believable demo data set: contacts, the catalogue of laptops and accessories, orders,
open carts, due and overdue invoices, agents in every department and role users.

Bulk inserts keep 100,000 contacts within minutes; the data is random but reproducible
from ``seed``.
"""

from __future__ import annotations

import random
import unicodedata
from dataclasses import dataclass
from datetime import timedelta
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.db import transaction
from django.utils import timezone

from crm.models import (
    Agent, Cart, CartItem, Company, Contact, ContactConsent, Department, Invoice, Order, OrderItem,
    Product, Tag, Team,
)

BATCH = 5000

SPANISH_FIRST = ["María", "José", "Ana", "Luis", "Carmen", "Carlos", "Lucía", "Jorge", "Sofía",
                 "Andrés", "Valentina", "Diego", "Isabel", "Miguel", "Gabriela", "Ricardo",
                 "Daniela", "Fernando", "Paola", "Alejandro", "Camila", "Javier", "Mariana",
                 "Raúl", "Natalia", "Óscar", "Verónica", "Héctor", "Ximena", "Tomás"]
SPANISH_LAST = ["González", "Rodríguez", "Pérez", "Martínez", "Sánchez", "Ramírez", "Torres",
                "Flores", "Rivera", "Gómez", "Díaz", "Morales", "Herrera", "Castillo", "Vargas",
                "Jiménez", "Ruiz", "Mendoza", "Aguilar", "Ortiz", "de León", "del Río", "Batista",
                "Quintero", "Arosemena", "Saavedra", "Núñez", "Chávez", "Espinosa", "Vásquez"]
ENGLISH_FIRST = ["James", "Emily", "Michael", "Sarah", "David", "Jessica", "Robert", "Laura",
                 "William", "Olivia", "Daniel", "Emma", "Thomas", "Hannah", "Christopher",
                 "Grace", "Matthew", "Chloe", "Andrew", "Megan"]
ENGLISH_LAST = ["Smith", "Johnson", "Williams", "Brown", "Jones", "Miller", "Davis", "Wilson",
                "Anderson", "Taylor", "Thomas", "Moore", "Martin", "Thompson", "White", "Harris",
                "Clark", "Lewis", "Walker", "Young"]
COMPANIES = [("Grupo Istmo Tech", "technology"), ("Canal Logistics S.A.", "logistics"),
             ("Farmacias del Pacífico", "retail"), ("Constructora Bella Vista", "construction"),
             ("Banco Cocle", "finance"), ("Colegio San Miguel", "education"),
             ("Clínica Paitilla Norte", "healthcare"), ("Café Boquete Export", "food"),
             ("Acme Corp", "manufacturing"), ("Northwind Traders", "retail"),
             ("Blue Harbor Consulting", "consulting"), ("Zona Libre Imports", "wholesale")]
CITIES_PA = ["Panamá", "Colón", "David", "Santiago", "Chitré", "La Chorrera", "Boquete"]
TAGS = ["newsletter", "b2b", "gamer", "student", "developer", "vip-event", "black-friday"]


@dataclass(frozen=True)
class DemoProduct:
    sku: str
    name: str
    category: str
    price: str
    stock: int
    features: tuple[str, ...]


CATALOGUE = [
    DemoProduct("LAP-DXPS13", "Dell XPS 13", "laptops", "1200.00", 34,
                ("13.4\" FHD+", "Intel Core Ultra 7", "16 GB RAM", "512 GB SSD", "1.2 kg")),
    DemoProduct("LAP-DXPS15", "Dell XPS 15", "laptops", "1899.00", 12,
                ("15.6\" OLED", "Intel Core i9", "32 GB RAM", "1 TB SSD", "RTX 4060")),
    DemoProduct("LAP-TPX1C", "Lenovo ThinkPad X1 Carbon", "laptops", "1649.00", 20,
                ("14\" 2.8K", "Intel Core Ultra 7", "32 GB RAM", "1 TB SSD", "MIL-STD-810H")),
    DemoProduct("LAP-TPE14", "Lenovo ThinkPad E14", "laptops", "849.00", 45,
                ("14\" FHD", "AMD Ryzen 5", "16 GB RAM", "512 GB SSD")),
    DemoProduct("LAP-MBA13", "MacBook Air 13 M3", "laptops", "1099.00", 25,
                ("13.6\" Liquid Retina", "Apple M3", "16 GB RAM", "256 GB SSD", "18 h battery")),
    DemoProduct("LAP-MBP14", "MacBook Pro 14 M4 Pro", "laptops", "1999.00", 8,
                ("14.2\" XDR", "Apple M4 Pro", "24 GB RAM", "512 GB SSD")),
    DemoProduct("LAP-HPSX360", "HP Spectre x360 14", "laptops", "1449.00", 15,
                ("14\" OLED touch", "Intel Core Ultra 7", "16 GB RAM", "1 TB SSD", "2-in-1")),
    DemoProduct("LAP-ROGZ14", "ASUS ROG Zephyrus G14", "laptops", "1599.00", 10,
                ("14\" 120 Hz", "AMD Ryzen 9", "32 GB RAM", "RTX 4070", "1 TB SSD")),
    DemoProduct("LAP-ACSW3", "Acer Swift 3", "laptops", "699.00", 60,
                ("14\" FHD", "Intel Core i5", "8 GB RAM", "512 GB SSD")),
    DemoProduct("ACC-MXM3S", "Logitech MX Master 3S mouse", "accessories", "99.00", 150,
                ("wireless", "8K DPI", "USB-C", "quiet clicks")),
    DemoProduct("ACC-MOUSEW", "Wireless mouse", "accessories", "25.00", 300,
                ("2.4 GHz", "AA battery")),
    DemoProduct("ACC-KBMX", "Logitech MX Keys keyboard", "accessories", "119.00", 80,
                ("backlit", "multi-device", "Spanish layout available")),
    DemoProduct("ACC-DOCKC", "USB-C docking station", "accessories", "189.00", 40,
                ("2× HDMI", "100 W PD", "Ethernet", "4× USB-A")),
    DemoProduct("ACC-MON27", "Dell 27\" 4K monitor", "monitors", "429.00", 18,
                ("27\" IPS", "3840×2160", "USB-C 65 W")),
    DemoProduct("ACC-HSET", "Noise-cancelling headset", "accessories", "149.00", 3,
                ("ANC", "Bluetooth 5.3", "30 h battery")),
    DemoProduct("ACC-BAG15", "15\" laptop backpack", "accessories", "59.00", 120,
                ("water resistant", "USB charging port")),
    DemoProduct("SRV-WAR2Y", "Extended warranty, 2 years", "services", "149.00", 9999,
                ("on-site repair", "accidental damage")),
]


def _ascii(text: str) -> str:
    return unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().lower().replace(" ", "")


def _phone(rng: random.Random) -> str:
    roll = rng.random()
    if roll < 0.70:
        return f"+5076{rng.randint(0, 9999999):07d}"
    if roll < 0.80:
        return f"+573{rng.randint(0, 2)}{rng.randint(0, 99999999):08d}"
    if roll < 0.87:
        return f"+5255{rng.randint(10000000, 99999999)}"
    if roll < 0.93:
        return f"+346{rng.randint(10000000, 99999999)}"
    return f"+1415{rng.randint(2, 9)}{rng.randint(0, 999999):06d}"


def _demo_user(username: str, *, first: str, last: str, password: str, role: str | None,
               superuser: bool = False):
    User = get_user_model()
    user, created = User.objects.get_or_create(
        username=username,
        defaults={"first_name": first, "last_name": last, "email": f"{username}@demo.crm.local",
                  "is_staff": True, "is_superuser": superuser},
    )
    if created:
        user.set_password(password)
        user.save()
    if role:
        user.groups.add(Group.objects.get(name=role))
    return user


def demo_users_create(*, admin_password: str = "admin", staff_password: str = "demo") -> dict:
    """The demo admin plus one user per role and agents in every department."""
    admin = _demo_user("admin", first="Demo", last="Admin", password=admin_password,
                       role="Admin", superuser=True)
    _demo_user("marta", first="Marta", last="Quintero", password=staff_password, role="Marketer")
    _demo_user("manuel", first="Manuel", last="Arosemena", password=staff_password, role="Manager")
    teams = {
        department: Team.objects.get_or_create(
            name=f"{label} team", defaults={"department": department}
        )[0]
        for department, label in Department.choices
    }
    agents = [
        ("andres", "Andrés", "Batista", Department.SALES, ["laptops", "b2b", "pricing"], ["es", "en"]),
        ("laura", "Laura", "Smith", Department.SALES, ["laptops", "gaming"], ["en", "es"]),
        ("sofia", "Sofía", "Núñez", Department.SUPPORT, ["warranty", "shipping", "returns"], ["es"]),
        ("daniel", "Daniel", "Brown", Department.SUPPORT, ["technical", "warranty"], ["en", "es"]),
        ("valentina", "Valentina", "Herrera", Department.RETENTION, ["vip", "complaints"], ["es", "en"]),
        ("ricardo", "Ricardo", "Vargas", Department.FINANCE, ["invoices", "payments"], ["es"]),
    ]
    for username, first, last, department, skills, languages in agents:
        user = _demo_user(username, first=first, last=last, password=staff_password, role="Agent")
        Agent.objects.get_or_create(
            user=user,
            defaults={"department": department, "team": teams[department], "skills": skills,
                      "languages": languages, "capacity": 8},
        )
    return {"admin": admin}


def demo_catalogue_create() -> list[Product]:
    products = []
    for item in CATALOGUE:
        product, _ = Product.objects.get_or_create(
            sku=item.sku,
            defaults={"name": item.name, "category": item.category, "price": Decimal(item.price),
                      "stock": item.stock, "features": list(item.features),
                      "description": f"{item.name}: " + ", ".join(item.features) + "."},
        )
        products.append(product)
    return products


@transaction.atomic
def demo_data_create(*, contacts: int = 300, seed: int = 7) -> dict[str, int]:
    rng = random.Random(seed)
    now = timezone.now()
    today = timezone.localdate()
    demo_users_create()
    products = demo_catalogue_create()
    laptops = [p for p in products if p.category == "laptops"]
    extras = [p for p in products if p.category != "laptops"]
    companies = [Company.objects.get_or_create(name=name, defaults={"industry": industry, "country": "PA"})[0]
                 for name, industry in COMPANIES]
    tags = [Tag.objects.get_or_create(name=name)[0] for name in TAGS]
    owners = list(get_user_model().objects.filter(agent__department=Department.SALES))

    start = Contact.objects.count()
    new_contacts = []
    for index in range(start, start + contacts):
        spanish = rng.random() < 0.75
        first = rng.choice(SPANISH_FIRST if spanish else ENGLISH_FIRST)
        last = rng.choice(SPANISH_LAST if spanish else ENGLISH_LAST)
        domain = rng.choice(["gmail.com", "hotmail.com", "yahoo.com", "outlook.com", "empresa.com.pa"])
        b2b = rng.random() < 0.3
        created = now - timedelta(days=rng.randint(0, 720), minutes=rng.randint(0, 1440))
        new_contacts.append(Contact(
            first_name=first, last_name=last,
            email=f"{_ascii(first)}.{_ascii(last)}{index}@{domain}",
            phone=_phone(rng),
            company=rng.choice(companies) if b2b else None,
            job_title=rng.choice(["Gerente de TI", "Compras", "CTO", "Owner", "Analyst"]) if b2b else "",
            city=rng.choice(CITIES_PA) if spanish else rng.choice(["Miami", "Austin", "Panamá"]),
            country="PA" if spanish else rng.choice(["US", "PA"]),
            language=Contact.Language.SPANISH if spanish else Contact.Language.ENGLISH,
            timezone="America/Panama" if spanish else rng.choice(["America/New_York", "America/Chicago", "America/Panama"]),
            status=rng.choices([Contact.Status.ACTIVE, Contact.Status.INACTIVE, Contact.Status.CHURNED],
                               weights=[85, 10, 5])[0],
            source=rng.choice([Contact.Source.WHATSAPP, Contact.Source.INSTAGRAM, Contact.Source.WEB,
                               Contact.Source.MESSENGER, Contact.Source.REFERRAL, Contact.Source.ADS]),
            owner=rng.choice(owners) if owners and rng.random() < 0.4 else None,
            created_at=created,
        ))
    created_contacts = Contact.objects.bulk_create(new_contacts, batch_size=BATCH)

    tag_links = []
    consents = []
    for contact in created_contacts:
        if rng.random() < 0.35:
            tag_links.append(Contact.tags.through(contact_id=contact.pk, tag_id=rng.choice(tags).pk))
        if rng.random() < 0.6:
            consents.append(ContactConsent(contact=contact, channel="email", status="granted",
                                           source="signup form", recorded_at=contact.created_at))
        elif rng.random() < 0.1:
            consents.append(ContactConsent(contact=contact, channel="email", status="opted_out",
                                           source="unsubscribe link", recorded_at=now))
    Contact.tags.through.objects.bulk_create(tag_links, batch_size=BATCH, ignore_conflicts=True)
    ContactConsent.objects.bulk_create(consents, batch_size=BATCH, ignore_conflicts=True)

    orders, order_lines = [], []
    order_base = Order.objects.count()
    for contact in created_contacts:
        if rng.random() > 0.45:
            continue
        for _ in range(rng.choices([1, 2, 3, 4], weights=[60, 25, 10, 5])[0]):
            placed = now - timedelta(days=rng.randint(0, 540), hours=rng.randint(0, 23))
            lines = [(rng.choice(laptops), rng.choice([1, 1, 1, 2, 5, 10]))] if rng.random() < 0.6 else []
            lines += [(rng.choice(extras), rng.randint(1, 3)) for _ in range(rng.randint(0 if lines else 1, 2))]
            order = Order(
                number=f"ORD-D{len(orders) + 1 + order_base:07d}",
                contact=contact, placed_at=placed, channel=contact.source,
                status=rng.choices(["fulfilled", "paid", "pending", "cancelled", "refunded"],
                                   weights=[60, 20, 10, 6, 4])[0],
                total=sum((p.price * q for p, q in lines), Decimal("0")),
            )
            orders.append(order)
            order_lines.append(lines)
    Order.objects.bulk_create(orders, batch_size=BATCH)
    OrderItem.objects.bulk_create(
        (OrderItem(order=order, product=p, quantity=q, unit_price=p.price)
         for order, lines in zip(orders, order_lines) for p, q in lines),
        batch_size=BATCH,
    )

    invoices = []
    invoice_base = Invoice.objects.count()
    for order in orders:
        if order.status not in ("paid", "fulfilled", "pending") or rng.random() > 0.35:
            continue
        issued = order.placed_at.date()
        due = issued + timedelta(days=rng.choice([15, 30, 45]))
        paid = order.status != "pending" and (due < today or rng.random() < 0.5)
        invoices.append(Invoice(
            number=f"INV-D{len(invoices) + 1 + invoice_base:07d}",
            contact_id=order.contact_id, order=order, amount=order.total, issued_on=issued,
            due_date=due, status="paid" if paid else "open",
            paid_at=order.placed_at + timedelta(days=rng.randint(1, 20)) if paid else None,
        ))
    # A guaranteed handful due soon and overdue, so reminders have something to do.
    for offset in (-10, -3, -1, 0, 3, 7):
        contact = rng.choice(created_contacts)
        invoices.append(Invoice(
            number=f"INV-D{len(invoices) + 1 + invoice_base:07d}", contact=contact,
            amount=Decimal(rng.choice(["1200.00", "849.00", "2450.00"])),
            issued_on=today + timedelta(days=offset - 30), due_date=today + timedelta(days=offset),
        ))
    Invoice.objects.bulk_create(invoices, batch_size=BATCH)

    carts, cart_lines = [], []
    for contact in rng.sample(created_contacts, k=max(1, len(created_contacts) // 20)):
        carts.append(Cart(contact=contact, last_activity_at=now - timedelta(hours=rng.choice([0.5, 2, 20, 30, 50, 80]))))
        cart_lines.append({p.pk: p for p in rng.sample(products[:14], k=rng.randint(1, 3))})
    Cart.objects.bulk_create(carts, batch_size=BATCH)
    CartItem.objects.bulk_create(
        (CartItem(cart=cart, product=p, quantity=1, unit_price=p.price)
         for cart, lines in zip(carts, cart_lines) for p in lines.values()),
        batch_size=BATCH,
    )
    return {"contacts": len(created_contacts), "orders": len(orders), "invoices": len(invoices),
            "carts": len(carts), "products": len(products)}
