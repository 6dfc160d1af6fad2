"""newsdesk: a self-hosted, multilingual news desk."""

import logging

__version__ = "0.1.0"

logging.getLogger(__name__).addHandler(logging.NullHandler())
