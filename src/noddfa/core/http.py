"""The signed-in user of a request, typed once for every app.

Django types `request.user` as `AbstractBaseUser | AnonymousUser`; behind `login_required`
it is always the project's user model. `signed_in_user` says so in one place, checked, instead
of a cast or a `type: ignore` in every view. (A request subclass with a typed `user` was
tried; Django's decorators and `HttpRequest`-typed helpers would need a cast at each use,
so a checked function it is.)"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.contrib.auth import get_user_model
from django.http import HttpRequest

if TYPE_CHECKING:  # the kernel names the user model for the type checker only
    from noddfa.accounts.models import User


def signed_in_user(request: HttpRequest) -> User:
    """The signed-in user of a request behind `login_required`.

    Raises `PermissionError` if called for an anonymous request: a view that forgot its
    decorator must fail closed, never serve an anonymous visitor."""
    user = request.user
    if not isinstance(user, get_user_model()) or not user.is_authenticated:
        raise PermissionError("This page needs a signed-in user.")
    return user
