"""What a release is: the schema, dates, vocabularies, countries.

SCHEMA_VERSION lives here, not in `schema`, so the cache can key on it without
importing Pydantic. Raise it when a valid file's meaning changes.
"""

SCHEMA_VERSION = 2
