"""What a release is: the schema, dates, vocabularies, countries.

SCHEMA_VERSION lives here, not in `schema`, so the cache can key on it without
importing Pydantic. Raise it when a valid file's meaning changes. FILLED too, so
that a record can be written as `schema.record` writes it without the models.
"""

SCHEMA_VERSION = 2

# An organisation's fields filled in from the registry: a record leaves them out when empty.
FILLED = frozenset({"id", "parent_country", "also_counted_in"})
