"""What the registry tells the apps built on it."""

from __future__ import annotations

from django.dispatch import Signal

# Sent after a bulk write that bypasses `save()` (the SIASN import): listeners bring what they keep
# about employees up to date in one pass (accounts of those who left the service are closed).
registry_bulk_written = Signal()
