"""The few SQL fragments that differ between SQLite and PostgreSQL; every other query is written once.

A store's queries are written with ``?`` (or ``:name``) placeholders, as SQLite takes them; the
PostgreSQL connection translates them (``store/pgconn.py``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal


@dataclass(frozen=True)
class Dialect:
    """SQL fragments for one database."""

    name: Literal["sqlite", "postgresql"]

    def json_text(self, column: str, *path: str) -> str:
        """The value at ``path`` in the JSON text held by ``column``, as text (JSON text for an array)."""
        if self.name == "sqlite":
            return f"json_extract({column}, '$.{'.'.join(path)}')"
        if len(path) == 1:
            return f"({column}::json ->> '{path[0]}')"
        return f"({column}::json #>> '{{{','.join(path)}}}')"

    def concat(self, expression: str, separator: str = ",", *, distinct: bool = False) -> str:
        """The group's values of ``expression`` joined by ``separator`` (in no promised order)."""
        unique = "DISTINCT " if distinct else ""
        if self.name == "sqlite":
            # SQLite's group_concat takes no separator with DISTINCT; its default is the comma.
            return f"group_concat({unique}{expression})" if distinct else f"group_concat({expression}, '{separator}')"
        return f"string_agg({unique}{expression}, '{separator}')"

    def json_array_holds(self, column: str) -> str:
        """A condition: the JSON array in ``column`` holds the value of the one ``?`` placeholder."""
        if self.name == "sqlite":
            return f"EXISTS (SELECT 1 FROM json_each({column}) WHERE json_each.value = ?)"
        return f"EXISTS (SELECT 1 FROM json_array_elements_text({column}::json) AS e(value) WHERE e.value = ?)"


SQLITE = Dialect("sqlite")
POSTGRESQL = Dialect("postgresql")


def search_terms(query: str) -> list[str]:
    """A search query as the words and "quoted phrases" it asks for, all of which must match.

    Whatever the query holds (quotes, operators, brackets, control characters) is taken as text, so
    user input can never break the search; a term of punctuation only is dropped, as it matches nothing.
    """
    query = re.sub(r"[\x00-\x1f\x7f]", " ", query)  # FTS5 rejects control characters, PostgreSQL NUL
    terms = []
    for phrase, word in re.findall(r'"([^"]+)"|(\S+)', query):
        text = (phrase or word).replace('"', "")
        if re.search(r"\w", text):
            terms.append(text)
    return terms
