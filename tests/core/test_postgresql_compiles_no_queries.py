"""The pages' queries read a few rows each; at a region's size PostgreSQL priced some above
its JIT threshold and spent 70 to 80 ms compiling them (issue 22): the app's connections turn
JIT off."""

from __future__ import annotations

import pytest
from django.db import connection

pytestmark = pytest.mark.django_db


@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL's JIT")
def test_the_app_connections_never_compile_a_query() -> None:
    with connection.cursor() as cursor:
        cursor.execute("SHOW jit")
        assert cursor.fetchone()[0] == "off"
