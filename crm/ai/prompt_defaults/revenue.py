"""Flows 12 and 13 (seed 002): abandoned carts and payment reminders."""

from crm.ai.prompt_defaults.messages import WRITER_EN, WRITER_ES

CART_VARIABLES = ["first_name", "products_text", "total", "cart_link", "discount_percent", "discount_code",
                  "expires"]


def _cart(description: str, source: str, es_user: str, es_local: str, en_user: str, en_local: str) -> dict:
    data = """
Cliente: {{ first_name|default:"(sin nombre)" }}
Productos en carrito: {{ products_text }}
Valor total: {{ currency }} {{ total }}
Link al carrito: {{ cart_link|default:"(ninguno)" }}
{% if discount_code %}Código: {{ discount_code }} ({{ discount_percent }} %, vence {{ expires|default:"en 24 h" }}){% endif %}"""
    data_en = """
Customer: {{ first_name|default:"(no name)" }}
Products in cart: {{ products_text }}
Total value: {{ currency }} {{ total }}
Cart link: {{ cart_link|default:"(none)" }}
{% if discount_code %}Code: {{ discount_code }} ({{ discount_percent }} %, expires {{ expires|default:"in 24 h" }}){% endif %}"""
    return {
        "task": "generate", "description": description, "source": source, "variables": CART_VARIABLES,
        "es": {"system": WRITER_ES, "user": es_user + "\n" + data, "local": es_local},
        "en": {"system": WRITER_EN, "user": en_user + "\n" + data_en, "local": en_local},
    }


def _payment(description: str, es_user: str, es_local: str, en_user: str, en_local: str) -> dict:
    data = """
Factura #{{ invoice_number }}
Monto: {{ currency }} {{ amount }}
Vence: {{ due_date }}
Link de pago: {{ payment_link|default:"(ninguno)" }}
Métodos: {{ payment_methods|default:"tarjeta, transferencia, ACH" }}"""
    data_en = """
Invoice #{{ invoice_number }}
Amount: {{ currency }} {{ amount }}
Due: {{ due_date }}
Payment link: {{ payment_link|default:"(none)" }}
Methods: {{ payment_methods|default:"card, bank transfer, ACH" }}"""
    return {
        "task": "generate", "description": description, "source": "seed 002, flow 13",
        "variables": ["first_name", "invoice_number", "amount", "due_date", "payment_link", "payment_methods",
                      "late_fee"],
        "es": {"system": WRITER_ES, "user": es_user + "\n" + data, "local": es_local},
        "en": {"system": WRITER_EN, "user": en_user + "\n" + data_en, "local": en_local},
    }


TEMPLATES = {
    "cart_recovery_gentle": _cart(
        "Flow 12 — abandoned cart, 1 h: gentle reminder.", "seed 002, flow 12 (_send_gentle_reminder)",
        "Genera recordatorio suave de carrito abandonado.\n\nTONO: Amigable, útil (no vendedor)\nOBJETIVO: Recordar sin presionar",
        """¡Hola{% if first_name %} {{ first_name }}{% endif %}! 👋

Vi que dejaste algunos productos en tu carrito:
{{ products_text }}

¿Te ayudo con algo o tienes alguna duda?{% if cart_link %}

{{ cart_link }}{% endif %}""",
        "Write a gentle abandoned-cart reminder.\n\nTONE: friendly, helpful (not salesy)\nGOAL: remind without pressure",
        """Hi{% if first_name %} {{ first_name }}{% endif %}! 👋

I saw you left a few things in your cart:
{{ products_text }}

Can I help with anything or answer a question?{% if cart_link %}

{{ cart_link }}{% endif %}""",
    ),
    "cart_recovery_incentive": _cart(
        "Flow 12 — abandoned cart, 24 h: discount code.", "seed 002, flow 12 (_send_incentive_message)",
        "Genera mensaje con incentivo para recuperar carrito.\n\nINCLUIR:\n- Recordatorio amigable\n- Código de descuento\n- Urgencia suave (válido 24h)\n- Link directo a checkout\n\nTONO: Generoso, creando valor",
        """¡Hola{% if first_name %} {{ first_name }}{% endif %}! Tus productos siguen esperándote:
{{ products_text }}

Para que te animes, usa el código {{ discount_code }} y obtén {{ discount_percent }} % de descuento. Es válido {{ expires|default:"por 24 horas" }}.{% if cart_link %}

Completa tu compra aquí: {{ cart_link }}{% endif %}""",
        "Write a message with an incentive to recover the cart.\n\nINCLUDE:\n- A friendly reminder\n- The discount code\n- Gentle urgency (valid 24h)\n- A direct checkout link\n\nTONE: generous, adding value",
        """Hi{% if first_name %} {{ first_name }}{% endif %}! Your items are still waiting for you:
{{ products_text }}

To help you decide, use code {{ discount_code }} for {{ discount_percent }}% off. It's valid {{ expires|default:"for 24 hours" }}.{% if cart_link %}

Complete your purchase here: {{ cart_link }}{% endif %}""",
    ),
    "cart_recovery_urgency": _cart(
        "Flow 12 — abandoned cart, 48 h: limited stock.", "seed 002, flow 12 (48 h urgency)",
        "Genera mensaje de urgencia para carrito abandonado: stock limitado SOLO si aparece en los datos, sin presionar de más.\n\nStock restante: {{ stock_left|default:\"(sin dato)\" }}",
        """¡Hola{% if first_name %} {{ first_name }}{% endif %}! Te aviso porque {% if stock_left %}quedan solo {{ stock_left }} unidades de{% else %}siguen disponibles{% endif %}:
{{ products_text }}

Si todavía lo quieres, es buen momento para asegurarlo{% if cart_link %}: {{ cart_link }}{% else %}.{% endif %}""",
        "Write an urgency message for an abandoned cart: limited stock ONLY if it is in the data, without undue pressure.\n\nStock left: {{ stock_left|default:\"(unknown)\" }}",
        """Hi{% if first_name %} {{ first_name }}{% endif %}! Heads-up: {% if stock_left %}only {{ stock_left }} units are left of{% else %}these are still available{% endif %}:
{{ products_text }}

If you still want them, now is a good time to secure them{% if cart_link %}: {{ cart_link }}{% else %}.{% endif %}""",
    ),
    "cart_recovery_final": _cart(
        "Flow 12 — abandoned cart, 72 h: final offer.", "seed 002, flow 12 (_send_final_offer)",
        "Mensaje de última oportunidad.\n\nINCLUIR:\n- Reconocimiento de que no completó compra\n- Mejor oferta (descuento del código)\n- Urgencia real (expira en 24h)\n- Opción de contacto si tiene dudas\n\nTONO: Último intento pero respetuoso",
        """¡Hola{% if first_name %} {{ first_name }}{% endif %}! Notamos que no completaste tu compra:
{{ products_text }}

Es nuestra última oferta: con el código {{ discount_code }} tienes {{ discount_percent }} % de descuento, válido {{ expires|default:"hasta mañana" }}.{% if cart_link %} {{ cart_link }}{% endif %}

Si tienes alguna duda, respóndeme y te ayudo.""",
        "Last-chance message.\n\nINCLUDE:\n- Acknowledge the purchase was not completed\n- The best offer (the code's discount)\n- Real urgency (expires in 24h)\n- A way to get in touch with questions\n\nTONE: final attempt but respectful",
        """Hi{% if first_name %} {{ first_name }}{% endif %}! We noticed you didn't complete your purchase:
{{ products_text }}

This is our last offer: code {{ discount_code }} gives you {{ discount_percent }}% off, valid {{ expires|default:"until tomorrow" }}.{% if cart_link %} {{ cart_link }}{% endif %}

If you have any questions, just reply and I'll help.""",
    ),
    "payment_reminder_upcoming": _payment(
        "Flow 13 — invoice due in 7 or 3 days: friendly reminder.",
        "Genera recordatorio de pago amigable.\n\nTONO: Servicial, no cobranza\nOBJETIVO: Recordar para evitar retrasos\n\nDEBE INCLUIR:\n- Resumen de factura\n- Métodos de pago disponibles\n- Link de pago directo\n- Agradecimiento por ser cliente",
        """¡Hola{% if first_name %} {{ first_name }}{% endif %}!

Te recuerdo que tu factura #{{ invoice_number }} de {{ currency }} {{ amount }} vence el {{ due_date }}.
{% if payment_link %}
Puedes pagar fácilmente aquí: {{ payment_link }}{% endif %}
Métodos: {{ payment_methods|default:"tarjeta, transferencia, ACH" }}

¡Gracias por tu preferencia! 😊""",
        "Write a friendly payment reminder.\n\nTONE: helpful, not debt collection\nGOAL: remind to avoid delays\n\nMUST INCLUDE:\n- Invoice summary\n- Available payment methods\n- Direct payment link\n- Thanks for being a customer",
        """Hi{% if first_name %} {{ first_name }}{% endif %}!

A reminder that your invoice #{{ invoice_number }} for {{ currency }} {{ amount }} is due on {{ due_date }}.
{% if payment_link %}
You can pay easily here: {{ payment_link }}{% endif %}
Methods: {{ payment_methods|default:"card, bank transfer, ACH" }}

Thank you for your business! 😊""",
    ),
    "payment_reminder_due_today": _payment(
        "Flow 13 — invoice due today: polite urgency.",
        "Genera recordatorio de que la factura vence hoy.\n\nTONO: Urgencia educada, sin presionar de más",
        """¡Hola{% if first_name %} {{ first_name }}{% endif %}! Tu factura #{{ invoice_number }} de {{ currency }} {{ amount }} vence hoy.{% if payment_link %} Puedes pagarla en un minuto aquí: {{ payment_link }}{% endif %}

Si ya la pagaste, ignora este mensaje. ¡Gracias!""",
        "Write a reminder that the invoice is due today.\n\nTONE: polite urgency, without undue pressure",
        """Hi{% if first_name %} {{ first_name }}{% endif %}! Your invoice #{{ invoice_number }} for {{ currency }} {{ amount }} is due today.{% if payment_link %} You can pay it in a minute here: {{ payment_link }}{% endif %}

If you've already paid, please ignore this message. Thank you!""",
    ),
    "payment_reminder_overdue": _payment(
        "Flow 13 — invoice overdue by 1 day: courteous but firm.",
        "Genera recordatorio para factura vencida hace 1 día.\n\nTONO: Cortés pero firme\nASUNCIÓN: Puede ser olvido genuino\n\nDEBE INCLUIR:\n- Mención de que venció ayer\n- Monto + recargo por mora (si aplica: {{ late_fee|default:\"no aplica\" }})\n- Urgencia de regularizar\n- Facilidades de pago si existen\n- Opción de contactar si hay problema\n\nNO DEBE:\n- Ser agresivo o amenazante\n- Asumir mala fe",
        """Hola{% if first_name %} {{ first_name }}{% endif %}, tu factura #{{ invoice_number }} de {{ currency }} {{ amount }} venció ayer ({{ due_date }}).{% if late_fee %} Se aplica un recargo de {{ late_fee }}.{% endif %}

Te agradecemos regularizarla lo antes posible{% if payment_link %} aquí: {{ payment_link }}{% else %}.{% endif %} Si tienes algún inconveniente con el pago, respóndenos y buscamos una solución juntos.""",
        "Write a reminder for an invoice that became overdue yesterday.\n\nTONE: courteous but firm\nASSUMPTION: it may be a genuine oversight\n\nMUST INCLUDE:\n- That it was due yesterday\n- Amount + late fee (if any: {{ late_fee|default:\"none\" }})\n- The need to settle it\n- Payment facilities if any\n- A way to get in touch if there is a problem\n\nMUST NOT:\n- Be aggressive or threatening\n- Assume bad faith",
        """Hi{% if first_name %} {{ first_name }}{% endif %}, your invoice #{{ invoice_number }} for {{ currency }} {{ amount }} became overdue yesterday ({{ due_date }}).{% if late_fee %} A late fee of {{ late_fee }} applies.{% endif %}

Please settle it as soon as possible{% if payment_link %} here: {{ payment_link }}{% else %}.{% endif %} If something is preventing the payment, reply and we'll find a solution together.""",
    ),
    "payment_reminder_escalation": _payment(
        "Flow 13 — invoice 7 days overdue: final notice before escalation.",
        "Genera aviso de factura con 7 días de atraso: formal, claro, sin amenazas; informa que el caso pasa al área de finanzas y ofrece contacto.",
        """Hola{% if first_name %} {{ first_name }}{% endif %}. La factura #{{ invoice_number }} de {{ currency }} {{ amount }} tiene 7 días de atraso (venció el {{ due_date }}).

Nuestro equipo de finanzas se pondrá en contacto contigo para ayudarte a regularizarla.{% if payment_link %} Si prefieres pagar ahora: {{ payment_link }}{% endif %}""",
        "Write a notice for an invoice 7 days overdue: formal, clear, no threats; say the case moves to the finance team and offer contact.",
        """Hi{% if first_name %} {{ first_name }}{% endif %}. Invoice #{{ invoice_number }} for {{ currency }} {{ amount }} is 7 days overdue (it was due on {{ due_date }}).

Our finance team will contact you to help settle it.{% if payment_link %} If you prefer to pay now: {{ payment_link }}{% endif %}""",
    ),
}
