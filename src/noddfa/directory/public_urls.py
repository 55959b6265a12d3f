from __future__ import annotations

app_name = "help"
urlpatterns: list[object] = []
