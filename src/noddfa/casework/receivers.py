"""Casework acts on what the concerns app announces."""

from __future__ import annotations

from typing import Any

from django.dispatch import receiver

from noddfa.concerns.models import Concern
from noddfa.concerns.signals import actions_changed

from .services import follow_pathway_actions


@receiver(actions_changed, dispatch_uid="casework.mirror_actions_as_tasks")
def _mirror_actions_as_tasks(sender: Any, concern: Concern, **kwargs: Any) -> None:
    follow_pathway_actions(concern)
