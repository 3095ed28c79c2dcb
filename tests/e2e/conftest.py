"""Browser fixtures (browser, page, screenshot, admin_login) live in tests/conftest.py."""
