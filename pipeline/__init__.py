"""Chinese source texts to an annotated, deduplicated corpus with provenance."""

__version__ = "0.1.0"
SCHEMA_VERSION = "1.0.0"
