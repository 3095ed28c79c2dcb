"""Flows 8, 9, 10 and 11 (seeds 003 and 002): follow-ups, case closure, nurturing, AI closer."""

WRITER_ES = ("Eres el asistente de ventas{% if business_name %} de {{ business_name }}{% endif %}. Escribes "
             "mensajes de WhatsApp/e-mail breves, cálidos y profesionales, en español, sin inventar precios, "
             "descuentos ni plazos que no estén en los datos. Devuelve solo el mensaje final.")
WRITER_EN = ("You are the sales assistant{% if business_name %} of {{ business_name }}{% endif %}. You write "
             "short, warm, professional WhatsApp/e-mail messages in English, never inventing prices, discounts "
             "or deadlines that are not in the data. Return only the final message.")

TEMPLATES = {
    "followup_value_add": {
        "task": "generate",
        "description": "Flow 8 — follow-up 1 after 24 h of silence: add value.",
        "source": "seed 003, flow 8 (follow-up 1)",
        "variables": ["first_name", "product_interest", "original_message*", "resource_link"],
        "es": {
            "system": WRITER_ES,
            "user": """Genera un mensaje de follow-up amigable que:
1. Haga referencia a la consulta original del lead
2. Aporte información adicional útil (ej: guía, comparativa, caso de éxito)
3. No sea insistente
4. Termine con pregunta abierta

Tono: Servicial, no vendedor

Lead: {{ first_name|default:"(sin nombre)" }}
Interés: {{ product_interest|default:"nuestros productos" }}
Enlace útil: {{ resource_link|default:"(ninguno)" }}
Consulta original:
{{ original_message|default:"(no disponible)" }}""",
            "local": """¡Hola{% if first_name %} {{ first_name }}{% endif %}! 👋 Vi que te interesó {{ product_interest|default:"uno de nuestros productos" }}.{% if resource_link %}

Te comparto una guía rápida que te puede servir para decidir: {{ resource_link }}{% else %}

Si quieres, te preparo una comparativa rápida con las opciones que mejor se ajustan a lo que buscas.{% endif %}

¿Hay algo específico que te gustaría saber?""",
        },
        "en": {
            "system": WRITER_EN,
            "user": """Write a friendly follow-up message that:
1. Refers to the lead's original question
2. Adds useful information (e.g. a guide, a comparison, a success story)
3. Is not pushy
4. Ends with an open question

Tone: helpful, not salesy

Lead: {{ first_name|default:"(no name)" }}
Interest: {{ product_interest|default:"our products" }}
Useful link: {{ resource_link|default:"(none)" }}
Original question:
{{ original_message|default:"(not available)" }}""",
            "local": """Hi{% if first_name %} {{ first_name }}{% endif %}! 👋 I saw you were interested in {{ product_interest|default:"one of our products" }}.{% if resource_link %}

Here's a quick guide that may help you decide: {{ resource_link }}{% else %}

If you like, I can put together a quick comparison of the options that best fit what you need.{% endif %}

Is there anything specific you'd like to know?""",
        },
    },
    "followup_soft_urgency": {
        "task": "generate",
        "description": "Flow 8 — follow-up 2 after 4 days: gentle urgency.",
        "source": "seed 003, flow 8 (follow-up 2)",
        "variables": ["first_name", "product_interest", "offer", "stock_left", "link"],
        "es": {
            "system": WRITER_ES,
            "user": """Genera mensaje con:
1. Recordatorio amable de su interés
2. Incentivo temporal (descuento, stock limitado, etc) SOLO si aparece en los datos
3. Facilita tomar acción (link directo, respuesta simple)

Tono: Urgente pero respetuoso

Lead: {{ first_name|default:"(sin nombre)" }}
Interés: {{ product_interest|default:"nuestros productos" }}
Oferta vigente: {{ offer|default:"(ninguna)" }}
Unidades en stock: {{ stock_left|default:"(sin dato)" }}
Link: {{ link|default:"(ninguno)" }}""",
            "local": """¡Hola{% if first_name %} {{ first_name }}{% endif %}! Solo para recordarte {{ product_interest|default:"el producto que consultaste" }}.{% if offer %} Tenemos {{ offer }}.{% endif %}{% if stock_left %} Quedan {{ stock_left }} unidades en stock.{% endif %}

Si quieres asegurarlo, respóndeme "sí" y te ayudo con el pedido{% if link %} o hazlo directo aquí: {{ link }}{% endif %}.""",
        },
        "en": {
            "system": WRITER_EN,
            "user": """Write a message with:
1. A kind reminder of their interest
2. A time-limited incentive (discount, limited stock…) ONLY if it is in the data
3. An easy way to act (direct link, simple reply)

Tone: urgent but respectful

Lead: {{ first_name|default:"(no name)" }}
Interest: {{ product_interest|default:"our products" }}
Current offer: {{ offer|default:"(none)" }}
Units in stock: {{ stock_left|default:"(unknown)" }}
Link: {{ link|default:"(none)" }}""",
            "local": """Hi{% if first_name %} {{ first_name }}{% endif %}! Just a reminder about {{ product_interest|default:"the product you asked about" }}.{% if offer %} We have {{ offer }}.{% endif %}{% if stock_left %} There are {{ stock_left }} units left in stock.{% endif %}

If you'd like to secure it, reply "yes" and I'll help you with the order{% if link %} or do it directly here: {{ link }}{% endif %}.""",
        },
    },
    "followup_last_chance": {
        "task": "generate",
        "description": "Flow 8 — follow-up 3 after 7 days: last chance, with opt-out.",
        "source": "seed 003, flow 8 (follow-up 3)",
        "variables": ["first_name", "product_interest", "offer"],
        "es": {
            "system": WRITER_ES,
            "user": """Genera mensaje final:
1. Reconoce que no ha habido respuesta
2. Ofrece última oportunidad (oferta especial solo si aparece en los datos)
3. Da opción de darse de baja educadamente
4. Deja puerta abierta para futuro

Tono: Profesional, no desesperado

Lead: {{ first_name|default:"(sin nombre)" }}
Interés: {{ product_interest|default:"nuestros productos" }}
Oferta: {{ offer|default:"(ninguna)" }}""",
            "local": """¡Hola{% if first_name %} {{ first_name }}{% endif %}! Entiendo que tal vez no es el momento indicado para {{ product_interest|default:"tu compra" }}.{% if offer %} Antes de despedirme te dejo una última propuesta: {{ offer }}.{% endif %}

Si prefieres no recibir más mensajes, respóndeme "BAJA" y no te escribiré más. Y si más adelante lo necesitas, aquí estaremos 😊""",
        },
        "en": {
            "system": WRITER_EN,
            "user": """Write a final message that:
1. Acknowledges there has been no reply
2. Offers a last chance (special offer only if it is in the data)
3. Politely offers to unsubscribe
4. Leaves the door open for the future

Tone: professional, not desperate

Lead: {{ first_name|default:"(no name)" }}
Interest: {{ product_interest|default:"our products" }}
Offer: {{ offer|default:"(none)" }}""",
            "local": """Hi{% if first_name %} {{ first_name }}{% endif %}! I understand this may not be the right time for {{ product_interest|default:"your purchase" }}.{% if offer %} Before I go, here's one last proposal: {{ offer }}.{% endif %}

If you'd rather not get more messages, reply "STOP" and I won't write again. And if you need us later, we'll be here 😊""",
        },
    },
    "closure_confirmation": {
        "task": "generate",
        "description": "Flow 9 — ask whether the case is solved before closing it.",
        "source": "seed 002, flow 9",
        "variables": ["first_name", "case_id", "issue"],
        "es": {
            "system": WRITER_ES,
            "user": """Genera un mensaje breve preguntando si el problema está resuelto.
Debe ser amigable y dar opción de reabrir si hay algo más.

Caso: {{ case_id|default:"" }} — {{ issue|default:"(sin descripción)" }}
Cliente: {{ first_name|default:"(sin nombre)" }}

Ejemplo: "Perfecto! Me alegra haber podido ayudarte. ¿Está todo resuelto o hay algo más en lo que pueda ayudarte? 😊\"""",
            "local": """¡Perfecto{% if first_name %}, {{ first_name }}{% endif %}! Me alegra haber podido ayudarte. ¿Está todo resuelto o hay algo más en lo que pueda ayudarte? 😊""",
        },
        "en": {
            "system": WRITER_EN,
            "user": """Write a short message asking whether the problem is solved.
It must be friendly and let the customer reopen the case if something else comes up.

Case: {{ case_id|default:"" }} — {{ issue|default:"(no description)" }}
Customer: {{ first_name|default:"(no name)" }}""",
            "local": """Great{% if first_name %}, {{ first_name }}{% endif %}! I'm glad I could help. Is everything solved, or is there anything else I can do for you? 😊""",
        },
    },
    "case_resolution": {
        "task": "evaluate",
        "description": "Flow 9 — does the conversation show the customer's problem is solved?",
        "source": "seed 002, flow 9 (evaluate_case_closure)",
        "variables": ["latest_message*", "case_history*"],
        "es": {
            "system": """Decides si un caso de soporte puede cerrarse. decision = true solo si el cliente confirma o deja claro que su problema está resuelto y no pide nada más. Da confidence entre 0 y 1 y un reasoning breve.""",
            "user": """HISTORIAL DEL CASO:
{{ case_history|default:"(sin historial)" }}

ÚLTIMO MENSAJE DEL CLIENTE:
{{ latest_message }}""",
        },
        "en": {
            "system": """You decide whether a support case can be closed. decision = true only if the customer confirms or makes clear that their problem is solved and asks for nothing else. Give a confidence between 0 and 1 and a short reasoning.""",
            "user": """CASE HISTORY:
{{ case_history|default:"(no history)" }}

CUSTOMER'S LATEST MESSAGE:
{{ latest_message }}""",
        },
    },
    "nurturing_educational": {
        "task": "generate",
        "description": "Flow 10 — educational nurturing message (cold-to-warm, day 1).",
        "source": "seed 002, flow 10",
        "variables": ["first_name", "industry", "initial_interest", "resource_link", "key_concept"],
        "es": {
            "system": WRITER_ES,
            "user": """Genera un mensaje de nurturing educativo para:

Lead: {{ first_name|default:"(sin nombre)" }}
Industria: {{ industry|default:"(sin dato)" }}
Interés inicial: {{ initial_interest|default:"(sin dato)" }}
Recurso: {{ resource_link|default:"(ninguno)" }}

OBJETIVO: Educar sin vender
FORMATO: Mensaje corto + link a recurso
TONO: Experto pero accesible""",
            "local": """¡Hola{% if first_name %} {{ first_name }}{% endif %}! 👋

Vi que te interesó {{ initial_interest|default:"mejorar tu equipo de trabajo" }}. Aquí tienes una guía que explica {{ key_concept|default:"cómo elegir la opción correcta" }} de forma simple{% if resource_link %}: {{ resource_link }}{% else %}; si quieres te la envío por aquí{% endif %}.

Si tienes dudas, aquí estoy.""",
        },
        "en": {
            "system": WRITER_EN,
            "user": """Write an educational nurturing message for:

Lead: {{ first_name|default:"(no name)" }}
Industry: {{ industry|default:"(unknown)" }}
Initial interest: {{ initial_interest|default:"(unknown)" }}
Resource: {{ resource_link|default:"(none)" }}

GOAL: educate without selling
FORMAT: short message + link to a resource
TONE: expert yet approachable""",
            "local": """Hi{% if first_name %} {{ first_name }}{% endif %}! 👋

I saw you were interested in {{ initial_interest|default:"upgrading your work equipment" }}. Here's a guide that explains {{ key_concept|default:"how to choose the right option" }} simply{% if resource_link %}: {{ resource_link }}{% else %}; I can send it to you here if you like{% endif %}.

If you have any questions, I'm here.""",
        },
    },
    "objection_handling": {
        "task": "generate",
        "description": "Flow 11 — answer an objection (price, timing, authority, need, trust).",
        "source": "seed 002, flow 11 (_handle_objections)",
        "variables": ["objection_type", "objection*", "industry", "company_size", "product_name", "price", "strategy"],
        "es": {
            "system": WRITER_ES,
            "user": """Cliente tiene objeción de tipo: {{ objection_type }}

Mensaje exacto:
{{ objection }}

Contexto del cliente:
- Industria: {{ industry|default:"(sin dato)" }}
- Tamaño: {{ company_size|default:"(sin dato)" }}

Producto: {{ product_name }} - {{ currency }} {{ price }}

ESTRATEGIA:
{{ strategy|default:"Empatiza y aporta valor concreto." }}

INSTRUCCIONES:
1. Empatiza con la objeción
2. Usa la estrategia apropiada
3. Incluye datos/pruebas concretas (solo las que están aquí)
4. Termina con pregunta que facilite avanzar
5. NUNCA ser insistente o agresivo

TONO: Consultivo, no vendedor
LONGITUD: 3-4 oraciones máximo""",
            "local": """{% if objection_type == "price" %}Te entiendo, es una inversión importante. {{ product_name }} ({{ currency }} {{ price }}) está pensado para durar y ahorrarte tiempo y reparaciones; además podemos ver opciones de pago que se ajusten a ti. ¿Te gustaría que revisemos juntos cuál te conviene?{% elif objection_type == "timing" %}Tiene sentido tomarse un tiempo. Solo ten en cuenta que esperar también tiene un costo si tu equipo actual ya te limita; podemos empezar con una sola unidad y crecer después. ¿Qué fecha te vendría bien?{% elif objection_type == "authority" %}¡Claro! Para facilitarte la conversación te puedo preparar un resumen con las características de {{ product_name }}, el precio ({{ currency }} {{ price }}) y casos de clientes similares. ¿Te lo envío por aquí?{% elif objection_type == "trust" %}Es normal querer conocernos primero. Todas nuestras compras tienen factura y garantía, y puedes visitarnos en tienda antes de decidir. ¿Quieres que te comparta opiniones de otros clientes?{% else %}Entiendo tu duda. Cuéntame un poco más de cómo trabajas y te digo con sinceridad si {{ product_name }} es para ti o si hay una opción mejor. ¿Para qué lo usarías principalmente?{% endif %}""",
        },
        "en": {
            "system": WRITER_EN,
            "user": """The customer has an objection of type: {{ objection_type }}

Exact message:
{{ objection }}

Customer context:
- Industry: {{ industry|default:"(unknown)" }}
- Size: {{ company_size|default:"(unknown)" }}

Product: {{ product_name }} - {{ currency }} {{ price }}

STRATEGY:
{{ strategy|default:"Empathise and bring concrete value." }}

INSTRUCTIONS:
1. Empathise with the objection
2. Use the appropriate strategy
3. Include concrete facts (only those given here)
4. End with a question that helps move forward
5. NEVER be pushy or aggressive

TONE: consultative, not salesy
LENGTH: 3-4 sentences at most""",
            "local": """{% if objection_type == "price" %}I understand, it's a significant investment. {{ product_name }} ({{ currency }} {{ price }}) is built to last and save you time and repairs, and we can look at payment options that suit you. Shall we go through which one works best for you?{% elif objection_type == "timing" %}It makes sense to take your time. Just keep in mind that waiting also has a cost if your current equipment already holds you back; we can start with a single unit and grow later. What date would work for you?{% elif objection_type == "authority" %}Of course! To make that conversation easier I can prepare a summary with the features of {{ product_name }}, the price ({{ currency }} {{ price }}) and stories from similar customers. Shall I send it here?{% elif objection_type == "trust" %}It's natural to want to know us first. Every purchase comes with an invoice and a warranty, and you can visit our store before deciding. Would you like to see reviews from other customers?{% else %}I understand your doubt. Tell me a bit more about how you work and I'll tell you honestly whether {{ product_name }} is right for you or if there's a better option. What would you mainly use it for?{% endif %}""",
        },
    },
    "closer_facilitate_purchase": {
        "task": "generate",
        "description": "Flow 11 — the customer is ready: make buying easy.",
        "source": "seed 002, flow 11 (_facilitate_purchase)",
        "variables": ["product_name", "price", "delivery_time", "warranty", "payment_link", "payment_options"],
        "es": {
            "system": WRITER_ES,
            "user": """Cliente muestra señales claras de querer comprar {{ product_name }}.

OBJETIVO: Hacer el proceso de compra lo más fácil posible

MENSAJE DEBE INCLUIR:
1. Resumen rápido de lo que va a recibir
2. Precio final claro: {{ currency }} {{ price }}
3. Opciones de pago simples: {{ payment_options|default:"tarjeta, transferencia" }}
4. Timeline de entrega: {{ delivery_time|default:"(confirmar con el cliente)" }}
5. Link directo para procesar orden: {{ payment_link|default:"(no hay; pide confirmación por este chat)" }}
6. Tranquilidad (garantía: {{ warranty|default:"la del fabricante" }})

FORMATO: bullet points, call to action claro. Tono: confiado pero servicial.""",
            "local": """¡Excelente! Te confirmo los detalles:

📦 {{ product_name }}
💰 {{ currency }} {{ price }}
{% if delivery_time %}🚚 Entrega: {{ delivery_time }}
{% endif %}✅ Garantía: {{ warranty|default:"la del fabricante" }}
💳 Pago: {{ payment_options|default:"tarjeta o transferencia" }}

{% if payment_link %}Para procesar tu orden: 👉 {{ payment_link }}{% else %}Respóndeme "confirmo" y preparo tu orden.{% endif %}

¿Procedo? 😊""",
        },
        "en": {
            "system": WRITER_EN,
            "user": """The customer clearly wants to buy {{ product_name }}.

GOAL: make buying as easy as possible

THE MESSAGE MUST INCLUDE:
1. A quick summary of what they will receive
2. A clear final price: {{ currency }} {{ price }}
3. Simple payment options: {{ payment_options|default:"card, bank transfer" }}
4. Delivery timeline: {{ delivery_time|default:"(confirm with the customer)" }}
5. Direct link to place the order: {{ payment_link|default:"(none; ask for confirmation in this chat)" }}
6. Reassurance (warranty: {{ warranty|default:"the manufacturer's" }})

FORMAT: bullet points, clear call to action. Tone: confident yet helpful.""",
            "local": """Excellent! Here are the details:

📦 {{ product_name }}
💰 {{ currency }} {{ price }}
{% if delivery_time %}🚚 Delivery: {{ delivery_time }}
{% endif %}✅ Warranty: {{ warranty|default:"the manufacturer's" }}
💳 Payment: {{ payment_options|default:"card or bank transfer" }}

{% if payment_link %}To place your order: 👉 {{ payment_link }}{% else %}Reply "confirm" and I'll prepare your order.{% endif %}

Shall I go ahead? 😊""",
        },
    },
}
