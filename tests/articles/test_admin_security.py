"""Admin logins lock out after repeated failures; admin dates read day first."""

from __future__ import annotations

import datetime as dt
from html.parser import HTMLParser
from zoneinfo import ZoneInfo

import pytest
from axes.models import AccessAttempt
from django.urls import reverse

from articles.models import Article, Document

pytestmark = pytest.mark.django_db

PASSWORD = "x-9Kq!long-enough"
LOCKED = "Đăng nhập tạm bị khóa vì nhập sai mật khẩu quá nhiều lần"
HCM = ZoneInfo("Asia/Ho_Chi_Minh")


@pytest.fixture(autouse=True)
def _lockout_policy(settings):
    # A fast hasher: these tests log in dozens of times.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.AXES_FAILURE_LIMIT = 5
    settings.AXES_COOLOFF_TIME = dt.timedelta(minutes=15)
    settings.AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]


@pytest.fixture
def editor(django_user_model):
    return django_user_model.objects.create_user(
        "editor", password=PASSWORD, is_staff=True, is_superuser=True
    )


@pytest.fixture
def other_editor(django_user_model):
    return django_user_model.objects.create_user(
        "other", password=PASSWORD, is_staff=True, is_superuser=True
    )


def _login(client, username, password, address="192.0.2.10"):
    return client.post(
        reverse("admin:login"),
        {"username": username, "password": password, "next": "/admin/"},
        REMOTE_ADDR=address,
    )


def _logged_in(response) -> bool:
    return response.status_code == 302 and response["Location"] == "/admin/"


def test_twenty_wrong_passwords_lock_the_login_with_a_clear_message(client, editor):
    responses = [_login(client, "editor", f"wrong-{i}") for i in range(20)]
    # Before the limit the form just says the password was wrong.
    assert [r.status_code for r in responses[:4]] == [200] * 4
    assert all(LOCKED not in r.content.decode() for r in responses[:4])
    locked = responses[-1]
    assert locked.status_code == 429
    page = locked.content.decode()
    assert LOCKED in page
    assert "Hãy thử lại sau 15 phút" in page
    assert 'id="login-form"' in page  # the login page itself, not a bare text
    assert locked["Retry-After"] == str(15 * 60)
    assert {r.status_code for r in responses[5:]} == {429}


def test_the_right_password_is_refused_while_locked(client, editor):
    for i in range(5):
        _login(client, "editor", f"wrong-{i}")
    response = _login(client, "editor", PASSWORD)
    assert response.status_code == 429
    assert LOCKED in response.content.decode()
    assert "_auth_user_id" not in client.session
    assert client.get("/admin/").status_code == 302  # still sent to the login


def test_after_the_cool_off_the_right_password_works(client, editor):
    for i in range(5):
        _login(client, "editor", f"wrong-{i}")
    assert _login(client, "editor", PASSWORD).status_code == 429
    long_ago = dt.datetime.now(dt.UTC) - dt.timedelta(minutes=16)
    AccessAttempt.objects.update(attempt_time=long_ago)
    response = _login(client, "editor", PASSWORD)
    assert _logged_in(response), response.status_code
    assert client.get("/admin/").status_code == 200


def test_a_reset_unlocks_at_once(client, editor):
    from axes.utils import reset

    for i in range(5):
        _login(client, "editor", f"wrong-{i}")
    assert _login(client, "editor", PASSWORD).status_code == 429
    reset(username="editor")
    reset(ip="192.0.2.10")
    assert _logged_in(_login(client, "editor", PASSWORD))


def test_a_locked_user_name_is_locked_from_every_address(client, editor):
    for i in range(5):
        _login(client, "editor", f"wrong-{i}", address="192.0.2.10")
    response = _login(client, "editor", PASSWORD, address="198.51.100.20")
    assert response.status_code == 429


def test_a_locked_address_locks_every_user_name_from_it(client, editor, other_editor):
    for i in range(5):
        _login(client, "editor", f"wrong-{i}", address="192.0.2.10")
    assert _login(client, "other", PASSWORD, address="192.0.2.10").status_code == 429


def test_other_users_from_other_addresses_are_unaffected(client, editor, other_editor):
    for i in range(20):
        _login(client, "editor", f"wrong-{i}", address="192.0.2.10")
    assert _logged_in(_login(client, "other", PASSWORD, address="198.51.100.20"))


def test_locking_by_user_name_only_leaves_the_address_free(
    client, settings, editor, other_editor
):
    settings.AXES_LOCKOUT_PARAMETERS = ["username"]
    for i in range(5):
        _login(client, "editor", f"wrong-{i}", address="192.0.2.10")
    assert _login(client, "editor", PASSWORD, address="192.0.2.10").status_code == 429
    assert _logged_in(_login(client, "other", PASSWORD, address="192.0.2.10"))


def test_a_success_before_the_limit_clears_the_failures(client, editor):
    for i in range(4):
        _login(client, "editor", f"wrong-{i}")
    assert _logged_in(_login(client, "editor", PASSWORD))
    client.logout()
    for i in range(4):
        _login(client, "editor", f"wrong-{i}")
    assert _logged_in(_login(client, "editor", PASSWORD))


class _FormFields(HTMLParser):
    """Collect what a browser would submit from a page's change form."""

    def __init__(self):
        super().__init__()
        self.data: dict[str, str] = {}
        self._textarea = None
        self._select = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        name = attrs.get("name")
        if tag == "input" and name and attrs.get("type") not in ("submit", "file"):
            if attrs.get("type") == "checkbox":
                if "checked" in attrs:
                    self.data[name] = attrs.get("value", "on")
            else:
                self.data[name] = attrs.get("value", "")
        elif tag == "textarea" and name:
            self._textarea = name
            self.data[name] = ""
        elif tag == "select" and name:
            self._select = name
            self.data.setdefault(name, "")
        elif tag == "option" and self._select and "selected" in attrs:
            self.data[self._select] = attrs.get("value", "")

    def handle_endtag(self, tag):
        if tag == "textarea":
            self._textarea = None
        elif tag == "select":
            self._select = None

    def handle_data(self, data):
        if self._textarea:
            self.data[self._textarea] += data.removeprefix("\n")


def _change_form(client, url) -> dict[str, str]:
    parser = _FormFields()
    parser.feed(client.get(url).content.decode())
    parser.data.pop("csrfmiddlewaretoken", None)
    return parser.data


def test_admin_reads_article_dates_day_first(client, editor):
    article = Article.objects.create(title="Hội nghị cán bộ", body="Nội dung.")
    client.force_login(editor)
    url = reverse("admin:articles_article_change", args=[article.pk])
    data = _change_form(client, url)
    data.update(
        {"published_at_0": "05/03/2024", "published_at_1": "09:30", "event_date": ""}
    )
    data["event_date"] = "15/03/2024"
    response = client.post(url, data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    article.refresh_from_db()
    assert article.published_at == dt.datetime(2024, 3, 5, 9, 30, tzinfo=HCM)
    assert article.event_date == dt.date(2024, 3, 15)
    # The form shows the stored values the same way round.
    shown = _change_form(client, url)
    assert shown["published_at_0"] == "05/03/2024"
    assert shown["event_date"] == "15/03/2024"


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("05/03/2024", dt.date(2024, 3, 5)),
        ("15/03/2024", dt.date(2024, 3, 15)),
        ("5/3/2024", dt.date(2024, 3, 5)),
        ("05-03-2024", dt.date(2024, 3, 5)),
        ("2024-03-05", dt.date(2024, 3, 5)),
    ],
)
def test_admin_reads_document_dates_day_first_and_iso(client, editor, typed, expected):
    document = Document.objects.create(code="205-QĐ/TW", doc_type="QĐ", number="205")
    client.force_login(editor)
    url = reverse("admin:articles_document_change", args=[document.pk])
    data = _change_form(client, url)
    data["issued_on"] = typed
    response = client.post(url, data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    document.refresh_from_db()
    assert document.issued_on == expected


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("05/03/2024 09:30", dt.datetime(2024, 3, 5, 9, 30)),
        ("05/03/2024 09:30:15", dt.datetime(2024, 3, 5, 9, 30, 15)),
        ("05/03/2024", dt.datetime(2024, 3, 5)),
        ("2024-03-05 09:30", dt.datetime(2024, 3, 5, 9, 30)),
        ("2024-03-05T09:30:15", dt.datetime(2024, 3, 5, 9, 30, 15)),
    ],
)
def test_datetime_fields_read_day_first(typed, expected):
    from django import forms
    from django.utils import translation

    with translation.override("vi"):
        value = forms.DateTimeField().clean(typed)
    assert value.replace(tzinfo=None) == expected


def test_an_impossible_day_first_date_is_refused_not_swapped(client, editor):
    document = Document.objects.create(code="205-QĐ/TW", doc_type="QĐ", number="205")
    client.force_login(editor)
    url = reverse("admin:articles_document_change", args=[document.pk])
    data = _change_form(client, url)
    data["issued_on"] = "03/15/2024"
    response = client.post(url, data)
    assert response.status_code == 200
    assert "issued_on" in response.context["adminform"].form.errors
    document.refresh_from_db()
    assert document.issued_on is None


def test_the_lockout_message_is_english_for_an_english_browser(client, editor):
    for i in range(5):
        _login(client, "editor", f"wrong-{i}")
    response = client.post(
        reverse("admin:login"),
        {"username": "editor", "password": PASSWORD},
        REMOTE_ADDR="192.0.2.10",
        headers={"accept-language": "en"},
    )
    assert response.status_code == 429
    assert (
        "Login is locked for now after too many wrong passwords. Try again in 15 minutes"
        in (response.content.decode())
    )
