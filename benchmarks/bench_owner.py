"""The synthetic organisation and user that own benchmark records (no test factories)."""

from __future__ import annotations


def synthetic_owner() -> tuple[int, int]:
    from noddfa.accounts.models import Organisation, OrganisationType, Role, User

    organisation, _ = Organisation.objects.get_or_create(
        name="Benchmark organisation (synthetic)",
        defaults={
            "organisation_type": OrganisationType.POLICE,
            "local_authority_area": "cardiff",
            "is_synthetic": True,
        },
    )
    user = User.objects.filter(email="bench@bench.noddfa.example").first()
    if user is None:
        user = User.objects.create_user(
            "bench@bench.noddfa.example",
            None,
            organisation=organisation,
            role=Role.PRACTITIONER,
            full_name="Benchmark",
            is_synthetic=True,
        )
    return organisation.pk, user.pk
