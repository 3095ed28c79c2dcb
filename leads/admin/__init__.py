from leads.admin import leads, pipeline, prediction  # noqa: F401  registers the admins
