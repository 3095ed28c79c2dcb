from crm.models.agents import Agent, Department, Team
from crm.models.audit import AuditEvent
from crm.models.base import Channel, TimeStampedModel
from crm.models.catalog import Product
from crm.models.commerce import Cart, CartItem, Invoice, Order, OrderItem
from crm.models.contacts import Company, Contact, ContactConsent, Tag
from crm.models.webhooks import WebhookDelivery, WebhookSubscription

__all__ = [
    "Agent",
    "AuditEvent",
    "Cart",
    "CartItem",
    "Channel",
    "Company",
    "Contact",
    "ContactConsent",
    "Department",
    "Invoice",
    "Order",
    "OrderItem",
    "Product",
    "Tag",
    "Team",
    "TimeStampedModel",
    "WebhookDelivery",
    "WebhookSubscription",
]
