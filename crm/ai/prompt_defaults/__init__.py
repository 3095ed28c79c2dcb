"""Default prompt templates, from the source documents (seeds 000, 002, 003).

``DEFAULT_TEMPLATES[key]`` = task, description, source, variables and, per language, the
system prompt, the user prompt and the offline (``local``) template. A data migration copies
them into ``PromptTemplate`` rows that staff edit in the admin; the gateway falls back to
these when a row is missing. Customer-written variables arrive already quoted (see
``crm.ai.prompts``); business variables arrive as plain values.
"""

from crm.ai.prompt_defaults.analysis import TEMPLATES as ANALYSIS
from crm.ai.prompt_defaults.content import TEMPLATES as CONTENT
from crm.ai.prompt_defaults.messages import TEMPLATES as MESSAGES
from crm.ai.prompt_defaults.revenue import TEMPLATES as REVENUE

DEFAULT_TEMPLATES: dict[str, dict] = {**ANALYSIS, **MESSAGES, **REVENUE, **CONTENT}

# The template each fixed task uses unless the caller names another.
TASK_TEMPLATES = {
    "classify_lead": "lead_classification",
    "detect_intent": "intent_detection",
    "analyze_sentiment": "sentiment_analysis",
    "chat_reply": "chat_reply",
}
