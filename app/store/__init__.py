"""SQLModel tables, engine factory, migrations and queries: the only place with SQL."""
