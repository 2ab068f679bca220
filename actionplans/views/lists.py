"""See actionplans/views/__init__.py."""
