"""The database: schema, Alembic migrations, the store (save, load, answers) and the samples.
Imports ``cxmap.domain`` and ``cxmap.files``."""
