"""Flows 14, 17 and 18 (seed 002) and the re-engagement e-mail (seed 000)."""

import json

from crm.ai.prompt_defaults.messages import WRITER_EN, WRITER_ES

CONTENT_LOCAL_ES = json.dumps({
    "copy": "{% if purpose == 'promotion' %}🔥 {{ product_name }}{% if price %} a {{ currency }} {{ price }}{% endif %}. "
            "{{ benefit|default:'Rendimiento que se nota desde el primer día' }}. {{ cta|default:'Escríbenos y te asesoramos' }}.{% else %}"
            "✨ {{ product_name }}: {{ benefit|default:'hecho para trabajar, estudiar y crear sin límites' }}. "
            "{{ cta|default:'¿Quieres saber más? Escríbenos' }} 👇{% endif %}",
    "hashtags": ["#{{ category|default:'tecnologia'|cut:' ' }}", "#{{ product_name|cut:' ' }}", "#Panama", "#Tecnologia"],
    "image_prompt": "{{ product_name }} product photo, {{ platform_specs|default:'1:1 aspect ratio, vibrant colors, lifestyle context' }}, "
                    "natural soft light, clean modern background, photorealistic",
}, ensure_ascii=False, indent=1)
CONTENT_LOCAL_EN = json.dumps({
    "copy": "{% if purpose == 'promotion' %}🔥 {{ product_name }}{% if price %} for {{ currency }} {{ price }}{% endif %}. "
            "{{ benefit|default:'Performance you notice from day one' }}. {{ cta|default:'Message us and we will help you choose' }}.{% else %}"
            "✨ {{ product_name }}: {{ benefit|default:'made to work, study and create without limits' }}. "
            "{{ cta|default:'Want to know more? Message us' }} 👇{% endif %}",
    "hashtags": ["#{{ category|default:'tech'|cut:' ' }}", "#{{ product_name|cut:' ' }}", "#Tech"],
    "image_prompt": "{{ product_name }} product photo, {{ platform_specs|default:'1:1 aspect ratio, vibrant colors, lifestyle context' }}, "
                    "natural soft light, clean modern background, photorealistic",
}, ensure_ascii=False, indent=1)

REENGAGEMENT_LOCAL = {
    "es": {
        "subject": "{{ first_name|default:'Hola' }}, te extrañamos{% if offer %}: {{ offer }}{% endif %}",
        "greeting": "Hola {{ first_name|default:'' }},",
        "body": "{% if segment == 'high_value_inactive' %}Hace tiempo que no nos visitas y queríamos agradecerte por confiar en nosotros.{% elif segment == 'price_sensitive' %}Tenemos novedades a muy buen precio que creemos que te van a gustar.{% elif segment == 'frequent_buyer_pause' %}Notamos que hace unas semanas no compras con nosotros; ¿todo bien?{% else %}Llegó la temporada y tenemos novedades pensadas para ti.{% endif %}",
        "offer": "{{ offer|default:'Envío gratis en tu próxima compra' }}",
        "cta": "{{ cta|default:'Ver novedades' }}",
        "urgency": "{{ urgency|default:'Válido por 7 días' }}",
    },
    "en": {
        "subject": "{{ first_name|default:'Hi' }}, we miss you{% if offer %}: {{ offer }}{% endif %}",
        "greeting": "Hi {{ first_name|default:'' }},",
        "body": "{% if segment == 'high_value_inactive' %}It's been a while since your last visit and we wanted to thank you for trusting us.{% elif segment == 'price_sensitive' %}We have new arrivals at great prices that we think you'll like.{% elif segment == 'frequent_buyer_pause' %}We noticed you haven't shopped with us for a few weeks; is everything OK?{% else %}The season is here and we have new arrivals picked for you.{% endif %}",
        "offer": "{{ offer|default:'Free shipping on your next order' }}",
        "cta": "{{ cta|default:'See what is new' }}",
        "urgency": "{{ urgency|default:'Valid for 7 days' }}",
    },
}

TEMPLATES = {
    "content_post": {
        "task": "generate",
        "description": "Flow 14 — social post copy, hashtags and image prompt (JSON).",
        "source": "seed 002, flow 14 (_generate_copy, _build_image_prompt)",
        "variables": ["product_name", "category", "purpose", "platform", "optimal_length", "tone", "cta_style",
                      "price", "benefit", "platform_specs"],
        "es": {
            "system": "Eres un experto copywriter de marketing digital en {{ platform|default:'redes sociales' }}.",
            "user": """Genera copy para post de {{ platform }} sobre:

PRODUCTO: {{ product_name }}
PROPÓSITO: {{ purpose }}

GUIDELINES DE {{ platform|upper }}:
- Longitud óptima: {{ optimal_length }} caracteres
- Tono: {{ tone }}
- CTA: {{ cta_style }}

ESTRUCTURA:
1. Hook (primera línea debe captar atención)
2. Beneficio clave (qué gana el usuario)
3. Descripción breve
4. Call to action
5. Hashtags (lista aparte)
6. Prompt de imagen (image_prompt) para fotografía de producto

REGLAS:
- Emojis: Sí (pero no exagerar)
- Mencionar precio solo si es muy competitivo
- Enfocarse en valor, no features""",
            "local": CONTENT_LOCAL_ES,
        },
        "en": {
            "system": "You are an expert digital-marketing copywriter for {{ platform|default:'social media' }}.",
            "user": """Write copy for a {{ platform }} post about:

PRODUCT: {{ product_name }}
PURPOSE: {{ purpose }}

{{ platform|upper }} GUIDELINES:
- Optimal length: {{ optimal_length }} characters
- Tone: {{ tone }}
- CTA: {{ cta_style }}

STRUCTURE:
1. Hook (the first line must grab attention)
2. Key benefit (what the user gains)
3. Short description
4. Call to action
5. Hashtags (separate list)
6. An image prompt (image_prompt) for a product photo

RULES:
- Emojis: yes (but don't overdo it)
- Mention the price only if it is very competitive
- Focus on value, not features""",
            "local": CONTENT_LOCAL_EN,
        },
    },
    "comment_reply_question": {
        "task": "generate",
        "description": "Flow 17 — public reply to a question on a post.",
        "source": "seed 002, flow 17 (_answer_question)",
        "variables": ["comment*", "author_name*", "post_caption", "product_name", "faq_answer"],
        "es": {
            "system": WRITER_ES,
            "user": """Usuario preguntó en post de Instagram:

POST: {{ post_caption|default:"(sin texto)" }}
PRODUCTO: {{ product_name|default:"N/A" }}
RESPUESTA DE LA FAQ (si hay): {{ faq_answer|default:"(ninguna)" }}

COMENTARIO:
{{ comment }}

AUTOR:
{{ author_name }}

CONTEXTO: Comentario público en red social

INSTRUCCIONES:
1. Responde de forma breve (1-2 oraciones)
2. Tono amigable, profesional
3. Usa el nombre del usuario si está disponible
4. Si la pregunta requiere info privada (precio personalizado, etc), pídele que te envíe DM
5. Agradece su interés""",
            "local": """¡Hola{% if author_name %} {{ author_name }}{% endif %}! {% if faq_answer %}{{ faq_answer }}{% else %}Gracias por tu interés 😊 Te enviamos la información por DM.{% endif %}""",
        },
        "en": {
            "system": WRITER_EN,
            "user": """A user asked on an Instagram post:

POST: {{ post_caption|default:"(no text)" }}
PRODUCT: {{ product_name|default:"N/A" }}
FAQ ANSWER (if any): {{ faq_answer|default:"(none)" }}

COMMENT:
{{ comment }}

AUTHOR:
{{ author_name }}

CONTEXT: public comment on social media

INSTRUCTIONS:
1. Answer briefly (1-2 sentences)
2. Friendly, professional tone
3. Use the user's name if available
4. If the question needs private information (custom price, etc.), ask them to DM you
5. Thank them for their interest""",
            "local": """Hi{% if author_name %} {{ author_name }}{% endif %}! {% if faq_answer %}{{ faq_answer }}{% else %}Thanks for your interest 😊 We'll send you the details by DM.{% endif %}""",
        },
    },
    "comment_reply_complaint": {
        "task": "generate",
        "description": "Flow 17 — empathetic public reply to a negative comment, moving it to DM.",
        "source": "seed 002, flow 17 (_handle_complaint)",
        "variables": ["comment*", "author_name*"],
        "es": {
            "system": WRITER_ES,
            "user": """Cliente dejó comentario negativo:

{{ comment }}

AUTOR:
{{ author_name }}

OBJETIVO:
1. Mostrar empatía
2. Disculparse si es apropiado (sin admitir culpa legal)
3. Ofrecer resolución por DM o privado
4. Mantener profesionalismo

TONO: Empático, profesional, no defensivo
LONGITUD: 2-3 oraciones""",
            "local": """Lamentamos mucho tu experiencia{% if author_name %}, {{ author_name }}{% endif %}. Tu satisfacción es importante para nosotros. ¿Podrías enviarnos un DM para ayudarte personalmente? 🙏""",
        },
        "en": {
            "system": WRITER_EN,
            "user": """A customer left a negative comment:

{{ comment }}

AUTHOR:
{{ author_name }}

GOALS:
1. Show empathy
2. Apologise if appropriate (without admitting legal fault)
3. Offer to resolve it by DM
4. Stay professional

TONE: empathetic, professional, not defensive
LENGTH: 2-3 sentences""",
            "local": """We're really sorry about your experience{% if author_name %}, {{ author_name }}{% endif %}. Your satisfaction matters to us. Could you send us a DM so we can help you personally? 🙏""",
        },
    },
    "reengagement_email": {
        "task": "generate",
        "description": "Seed 000 — re-engagement e-mail per segment (JSON: subject, greeting, body, offer, cta, urgency).",
        "source": "seed 000 (generate_email_content)",
        "variables": ["first_name", "last_purchase_date", "total_spent", "segment", "churn_probability", "offer",
                      "cta", "urgency"],
        "es": {
            "system": "Eres un experto en marketing de re-engagement.",
            "user": """Genera un email personalizado para re-enganchar a este cliente:

Cliente: {{ first_name }}
Última compra: {{ last_purchase_date|default:"(sin dato)" }}
Total gastado: {{ currency }} {{ total_spent|default:"0" }}
Segmento: {{ segment }}
Probabilidad de churn: {{ churn_probability|default:"(sin dato)" }}
Oferta disponible: {{ offer|default:"(ninguna; no inventes descuentos)" }}

Requisitos:
1. Tono apropiado para el segmento {{ segment }}
2. Oferta relevante basada en historial (solo la disponible)
3. Urgencia apropiada
4. Llamada a la acción clara
5. Personalización genuina

Campos: subject, greeting, body, offer, cta, urgency""",
            "local": json.dumps(REENGAGEMENT_LOCAL["es"], ensure_ascii=False, indent=1),
        },
        "en": {
            "system": "You are a re-engagement marketing expert.",
            "user": """Write a personalised e-mail to re-engage this customer:

Customer: {{ first_name }}
Last purchase: {{ last_purchase_date|default:"(unknown)" }}
Total spent: {{ currency }} {{ total_spent|default:"0" }}
Segment: {{ segment }}
Churn probability: {{ churn_probability|default:"(unknown)" }}
Available offer: {{ offer|default:"(none; do not invent discounts)" }}

Requirements:
1. Tone suited to the {{ segment }} segment
2. A relevant offer based on history (only the available one)
3. Appropriate urgency
4. A clear call to action
5. Genuine personalisation

Fields: subject, greeting, body, offer, cta, urgency""",
            "local": json.dumps(REENGAGEMENT_LOCAL["en"], ensure_ascii=False, indent=1),
        },
    },
    "duplicate_contacts": {
        "task": "evaluate",
        "description": "Flow 18 — are these two contact records the same person?",
        "source": "seed 002, flow 18 (_confirm_duplicates_with_ai)",
        "variables": ["record_1*", "record_2*"],
        "es": {
            "system": """Determinas si dos registros de contacto son la misma persona.

CRITERIOS:
- Email o teléfono idéntico = casi seguro duplicado
- Nombre muy similar + misma empresa = probablemente duplicado
- Pequeñas variaciones (typos, abreviaturas) = considerar duplicado
- Personas diferentes con apellido común = NO duplicado

decision = true si son la misma persona; confidence de 0 a 1; reasoning breve.""",
            "user": """REGISTRO 1:
{{ record_1 }}

REGISTRO 2:
{{ record_2 }}""",
        },
        "en": {
            "system": """You decide whether two contact records are the same person.

CRITERIA:
- Identical e-mail or phone = almost certainly a duplicate
- Very similar name + same company = probably a duplicate
- Small variations (typos, abbreviations) = consider a duplicate
- Different people sharing a common surname = NOT a duplicate

decision = true if they are the same person; confidence from 0 to 1; short reasoning.""",
            "user": """RECORD 1:
{{ record_1 }}

RECORD 2:
{{ record_2 }}""",
        },
    },
}
