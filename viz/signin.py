"""The sign-in pages: the sign-in form, the password form and the home placeholder.

Plain forms and no script: the page's policy allows its own styles and posts to this server only.
Every string is HTML-escaped by Jinja; the CSRF tokens come from `api.session`."""

from __future__ import annotations

from viz.render import render_page


def signin_page(*, csrf: str, next_path: str, user: str = "", message: str = "") -> str:
    return render_page(
        "signin.html", title="Sign in", csrf=csrf, next=next_path, user=user, message=message
    )


def password_page(
    *, name: str, csrf: str, min_length: int, message: str = "", ok: bool = False
) -> str:
    return render_page(
        "password.html",
        title="Change your password",
        name=name,
        csrf=csrf,
        min_length=min_length,
        message=message,
        ok=ok,
    )


def home_placeholder_page(*, name: str, csrf: str, signed_in: bool) -> str:
    """Until the workspace's Home page lands: who is signed in, and the way out."""
    return render_page(
        "home_placeholder.html",
        title="kamgraph",
        name=name,
        csrf=csrf,
        signed_in=signed_in,
        message="",
    )
