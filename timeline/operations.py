"""Migration operations that only run on PostgreSQL: indexes on large tables, built
concurrently so that readers and writers are not locked out while they build, and the trigger
behind full-text search. SQLite needs none of them (its search is a plain substring match)."""

from django.db import migrations


class AddPostgresIndexConcurrently(migrations.operations.base.Operation):
    """``CREATE INDEX CONCURRENTLY`` from raw SQL on PostgreSQL; nothing elsewhere.

    The index is deliberately not part of the model state: a functional GIN index cannot be
    created on SQLite, and SQLite rebuilds every index of the state whenever it alters a table.
    The migration holding it must say ``atomic = False`` (concurrent builds refuse to run in a
    transaction).
    """

    reduces_to_sql = True
    reversible = True

    def __init__(self, name: str, table: str, definition: str, using: str = "btree"):
        self.name = name
        self.table = table
        self.definition = definition
        self.using = using

    def state_forwards(self, app_label, state):
        pass

    def database_forwards(self, app_label, schema_editor, from_state, to_state):
        if schema_editor.connection.vendor != "postgresql":
            return
        quote = schema_editor.quote_name
        schema_editor.execute(
            f"CREATE INDEX CONCURRENTLY IF NOT EXISTS {quote(self.name)} "
            f"ON {quote(self.table)} USING {self.using} ({self.definition})"
        )

    def database_backwards(self, app_label, schema_editor, from_state, to_state):
        if schema_editor.connection.vendor != "postgresql":
            return
        name = schema_editor.quote_name(self.name)
        schema_editor.execute(f"DROP INDEX CONCURRENTLY IF EXISTS {name}")

    def describe(self) -> str:
        return f"Create index {self.name} on {self.table} concurrently (PostgreSQL only)"

    @property
    def migration_name_fragment(self) -> str:
        return self.name.lower()

    def deconstruct(self):
        kwargs = {"name": self.name, "table": self.table, "definition": self.definition}
        if self.using != "btree":
            kwargs["using"] = self.using
        return self.__class__.__qualname__, [], kwargs


class RunPostgresSQL(migrations.RunSQL):
    """``RunSQL`` that only runs on PostgreSQL (triggers, functions); nothing elsewhere."""

    def database_forwards(self, app_label, schema_editor, from_state, to_state):
        if schema_editor.connection.vendor == "postgresql":
            super().database_forwards(app_label, schema_editor, from_state, to_state)

    def database_backwards(self, app_label, schema_editor, from_state, to_state):
        if schema_editor.connection.vendor == "postgresql":
            super().database_backwards(app_label, schema_editor, from_state, to_state)
