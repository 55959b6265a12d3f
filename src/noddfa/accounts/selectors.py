from __future__ import annotations

from django.db.models import QuerySet

from .models import User
from .permissions import members_visible_to


def members_of_my_organisation(user: User) -> QuerySet[User]:
    return members_visible_to(user).select_related("organisation").order_by("full_name")
