"""What a release is: the schema, dates, vocabularies, countries.

SCHEMA_VERSION lives here, not in `schema`, so the cache can key on it without
importing Pydantic. Raise it when a valid file's meaning changes. FILLED too, so
that a record can be written as `schema.record` writes it without the models.
"""

SCHEMA_VERSION = 3

# An organisation's fields filled in from the registry: a record leaves them out when empty.
FILLED = frozenset({"id", "parent_country", "also_counted_in"})

# The keys of every stored release record (`schema.record`; `records` only when several
# files record one release): how the cache checks a record it decodes. A test holds this
# to the schema.
RECORD_KEYS = frozenset({
    "id", "name", "aliases", "organization", "released", "events", "categories", "modalities",
    "open_weights", "license", "access", "specs", "pricing", "benchmarks", "highlights", "variants",
    "predecessor", "summary", "claims", "quotes", "community", "market_reaction", "sources",
    "origin", "links",
})
