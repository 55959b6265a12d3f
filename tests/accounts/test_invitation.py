"""Issue 17, item 3: an organisation admin invites a member by a single-use, expiring link,
through which the member sets a password and enrols the second factor together.

Each attack is a test: a link used twice, an expired link, a link replaced by a newer one, an
admin of another organisation inviting into (or taking over) a member of yours, a practitioner
reaching the admin's pages."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
from io import StringIO

import pytest
from django.core.management import call_command
from django.test import Client
from django.utils import timezone

from account_lifecycle import (
    NEW_PASSWORD,
    accept,
    admin_of,
    invite,
    recovery_codes_on,
    token_mailed_to,
    welcome_url,
)
from factories import OrganisationFactory, UserFactory
from noddfa.accounts.models import AccountLink, OrganisationType, Role, User
from noddfa.audit.models import AuditAction, AuditEvent
from noddfa.core.models import OutboxMail

pytestmark = pytest.mark.django_db
SignIn = Callable[[User], Client]
UNUSABLE = "This link cannot be used"


def test_an_admin_invites_by_email_and_only_a_hash_of_the_token_is_kept(sign_in: SignIn) -> None:
    admin = admin_of()
    assert invite(sign_in(admin), "  Nia.Hughes@Example.ORG ") == 302
    invited = User.objects.get(email="nia.hughes@example.org")
    assert invited.organisation == admin.organisation
    assert not invited.is_active
    assert not invited.has_usable_password()
    token = token_mailed_to("nia.hughes@example.org")
    link = AccountLink.objects.get(user=invited)
    assert token not in link.digest and len(link.digest) == 64
    assert link.expires_at - link.created_at == timedelta(hours=72)
    # The token is in the query string, which the access logs leave out, never in the path.
    mail = OutboxMail.objects.get(recipient="nia.hughes@example.org")
    assert f"/accounts/welcome/?token={token}" in mail.body
    assert AuditEvent.objects.filter(
        action=AuditAction.INVITED, actor=admin, object_id=str(invited.pk)
    ).exists()


def test_the_invitee_sets_a_password_and_the_second_factor_together_and_is_signed_in(
    sign_in: SignIn,
) -> None:
    admin = admin_of()
    invite(sign_in(admin), "nia@example.org")
    invitee = Client()
    status, page = accept(invitee, token_mailed_to("nia@example.org"))
    assert status == 200
    assert len(recovery_codes_on(page)) == 10
    user = User.objects.get(email="nia@example.org")
    assert user.is_active and user.check_password(NEW_PASSWORD)
    # Signed in with both factors: a page behind the second factor opens.
    assert invitee.get("/training/").status_code == 200
    assert AuditEvent.objects.filter(action=AuditAction.MFA_ENROLLED, actor=user).exists()


def test_the_invitee_cannot_sign_in_before_using_the_link(sign_in: SignIn) -> None:
    invite(sign_in(admin_of()), "nia@example.org")
    response = Client().post("/accounts/sign-in/", {"username": "nia@example.org", "password": ""})
    assert response.status_code == 200
    assert "_auth_user_id" not in Client().session


def test_a_link_used_twice_is_refused_the_second_time(sign_in: SignIn) -> None:
    invite(sign_in(admin_of()), "nia@example.org")
    token = token_mailed_to("nia@example.org")
    assert accept(Client(), token)[0] == 200
    status, page = accept(Client(), token, "another long password entirely")
    assert status == 404 and UNUSABLE in page
    user = User.objects.get(email="nia@example.org")
    assert user.check_password(NEW_PASSWORD)


def test_an_expired_link_is_refused_and_changes_nothing(sign_in: SignIn) -> None:
    invite(sign_in(admin_of()), "nia@example.org")
    token = token_mailed_to("nia@example.org")
    AccountLink.objects.update(expires_at=timezone.now() - timedelta(seconds=1))
    status, page = accept(Client(), token)
    assert status == 404 and UNUSABLE in page
    assert not User.objects.get(email="nia@example.org").is_active


def test_a_posted_form_with_an_expired_link_is_refused_too(sign_in: SignIn) -> None:
    invite(sign_in(admin_of()), "nia@example.org")
    token = token_mailed_to("nia@example.org")
    client = Client()
    assert client.get(welcome_url(token)).status_code == 200
    AccountLink.objects.update(expires_at=timezone.now() - timedelta(seconds=1))
    response = client.post(
        "/accounts/welcome/",
        {
            "token": token,
            "new_password1": NEW_PASSWORD,
            "new_password2": NEW_PASSWORD,
            "code": "123456",
        },
    )
    assert response.status_code == 404
    assert not User.objects.get(email="nia@example.org").is_active


def test_used_expired_revoked_and_unknown_links_look_the_same(sign_in: SignIn) -> None:
    admin_client = sign_in(admin_of())
    invite(admin_client, "used@example.org")
    used = token_mailed_to("used@example.org")
    accept(Client(), used)
    invite(admin_client, "expired@example.org")
    expired = token_mailed_to("expired@example.org")
    AccountLink.objects.filter(user__email="expired@example.org").update(expires_at=timezone.now())
    invite(admin_client, "revoked@example.org")
    revoked = token_mailed_to("revoked@example.org")
    invite(admin_client, "revoked@example.org")
    pages = {
        name: Client().get(welcome_url(token))
        for name, token in (
            ("used", used),
            ("expired", expired),
            ("revoked", revoked),
            ("unknown", "not-a-token"),
        )
    }
    bodies = {_main(r.content.decode()) for r in pages.values()}
    assert {r.status_code for r in pages.values()} == {404}
    assert len(bodies) == 1


def _main(page: str) -> str:
    return page[page.index("<main") : page.index("</main>")]


def test_inviting_again_revokes_the_older_link(sign_in: SignIn) -> None:
    admin_client = sign_in(admin_of())
    invite(admin_client, "nia@example.org")
    older = token_mailed_to("nia@example.org")
    invite(admin_client, "nia@example.org", full_name="Nia Hughes-Jones")
    newer = token_mailed_to("nia@example.org")
    assert older != newer
    assert accept(Client(), older)[0] == 404
    assert accept(Client(), newer)[0] == 200
    assert User.objects.get(email="nia@example.org").full_name == "Nia Hughes-Jones"


def test_the_setup_key_an_older_link_showed_is_not_the_one_enrolled(sign_in: SignIn) -> None:
    from django_otp.plugins.otp_totp.models import TOTPDevice

    admin_client = sign_in(admin_of())
    invite(admin_client, "nia@example.org")
    Client().get(welcome_url(token_mailed_to("nia@example.org")))
    first_key = TOTPDevice.objects.get(user__email="nia@example.org").key
    invite(admin_client, "nia@example.org")
    accept(Client(), token_mailed_to("nia@example.org"))
    enrolled = TOTPDevice.objects.get(user__email="nia@example.org", confirmed=True)
    assert enrolled.key != first_key


def test_a_wrong_code_keeps_the_link_and_activates_nothing(sign_in: SignIn) -> None:
    invite(sign_in(admin_of()), "nia@example.org")
    token = token_mailed_to("nia@example.org")
    status, page = accept(Client(), token, code="000000")
    assert status == 200 and "The code is not right" in page
    user = User.objects.get(email="nia@example.org")
    assert not user.is_active and not user.has_usable_password()
    assert AuditEvent.objects.filter(action=AuditAction.MFA_FAILED, actor=user).exists()
    assert accept(Client(), token)[0] == 200


def test_a_weak_or_mistyped_password_is_refused(sign_in: SignIn) -> None:
    invite(sign_in(admin_of()), "nia@example.org")
    token = token_mailed_to("nia@example.org")
    status, page = accept(Client(), token, "short")
    assert status == 200 and "govuk-error-summary" in page
    client = Client()
    client.get(welcome_url(token))
    response = client.post(
        "/accounts/welcome/",
        {
            "token": token,
            "new_password1": NEW_PASSWORD,
            "new_password2": "something else",
            "code": "123456",
        },
    )
    assert "The two passwords are not the same" in response.content.decode()
    assert not User.objects.get(email="nia@example.org").is_active


def test_an_admin_gives_only_the_roles_their_organisation_may_have(sign_in: SignIn) -> None:
    admin_client = sign_in(admin_of(OrganisationFactory(organisation_type=OrganisationType.SCHOOL)))
    for role in (Role.SYSTEM_ADMIN, Role.LA_SAFEGUARDING_TEAM):
        assert invite(admin_client, "nia@example.org", role=role) == 200
    assert not User.objects.filter(email="nia@example.org").exists()


def test_another_organisations_admin_cannot_invite_or_take_over_your_member(
    sign_in: SignIn,
) -> None:
    ours = UserFactory(email="teacher@example.org")
    stranger = sign_in(admin_of())
    response = stranger.post(
        "/accounts/users/invite/",
        {"email": "Teacher@Example.org", "full_name": "Someone", "role": "practitioner"},
    )
    assert response.status_code == 200
    assert "cannot be invited to your organisation" in response.content.decode()
    ours.refresh_from_db()
    assert ours.full_name != "Someone" and ours.is_active
    assert not AccountLink.objects.filter(user=ours).exists()
    assert not OutboxMail.objects.filter(recipient="teacher@example.org").exists()


def test_another_organisations_admin_cannot_invite_your_deactivated_member_again(
    sign_in: SignIn,
) -> None:
    ours = UserFactory(is_active=False)
    stranger = sign_in(admin_of())
    assert stranger.get(f"/accounts/users/{ours.pk}/invite-again/").status_code == 404
    assert stranger.post(f"/accounts/users/{ours.pk}/invite-again/").status_code == 404
    assert not AccountLink.objects.filter(user=ours).exists()


def test_an_active_member_is_not_invited_over(sign_in: SignIn) -> None:
    admin = admin_of()
    member = UserFactory(organisation=admin.organisation)
    response = sign_in(admin).post(
        "/accounts/users/invite/",
        {"email": member.email, "full_name": "x", "role": "practitioner"},
    )
    assert "already has an active account" in response.content.decode()
    assert not AccountLink.objects.filter(user=member).exists()


def test_a_practitioner_cannot_reach_the_invitation_page(
    sign_in: SignIn, practitioner: User
) -> None:
    client = sign_in(practitioner)
    assert client.get("/accounts/users/invite/").status_code == 403
    assert invite(client, "nia@example.org") == 403
    assert not User.objects.filter(email="nia@example.org").exists()


def test_the_members_page_offers_the_invitation_and_shows_who_is_invited(sign_in: SignIn) -> None:
    admin = admin_of()
    client = sign_in(admin)
    invite(client, "nia@example.org")
    page = client.get("/accounts/users/").content.decode()
    assert 'href="/accounts/users/invite/"' in page
    assert "Invited" in page


def test_the_command_line_prints_a_link_for_the_first_admin(sign_in: SignIn) -> None:
    organisation = OrganisationFactory(name="Ysgol Example")
    out = StringIO()
    call_command(
        "invite",
        "First.Admin@Example.org",
        "--full-name",
        "First Admin",
        "--role",
        "organisation_admin",
        "--organisation",
        "Ysgol Example",
        "--site",
        "https://noddfa.example",
        stdout=out,
    )
    link = out.getvalue().strip().splitlines()[-1]
    assert link.startswith("https://noddfa.example/accounts/welcome/?token=")
    token = link.rsplit("=", 1)[1]
    assert accept(Client(), token)[0] == 200
    admin = User.objects.get(email="first.admin@example.org")
    assert admin.is_active and admin.organisation == organisation
    assert admin.role == Role.ORGANISATION_ADMIN


def test_the_command_line_gives_a_superuser_made_by_createsuperuser_a_way_in() -> None:
    User.objects.create_superuser("it@example.org", NEW_PASSWORD, full_name="IT")
    out = StringIO()
    call_command("invite", "it@example.org", stdout=out)
    token = out.getvalue().strip().splitlines()[-1].rsplit("=", 1)[1]
    client = Client()
    assert accept(client, token, "the superuser's brand new password")[0] == 200
    assert client.get("/").status_code == 200
