from crm.services.schedules import Schedule

SCHEDULES = [
    Schedule(
        name="access: warn about expiring API keys",
        task="crm.access.tasks.api_keys_warn_expiring",
        every_minutes=60,
        description="Records a security event and e-mails the owner (and SECURITY_ALERT_EMAILS) "
        "once, 7 days before an API key expires.",
    ),
]
