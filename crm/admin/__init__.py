from crm.admin import agents, commerce, contacts, system  # noqa: F401  registers the admins
