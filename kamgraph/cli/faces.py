"""The command line's one door to the other faces: the HTML pages (viz/) and the server (api/).

kamgraph/ does not import viz/ or api/ (ARCHITECTURE.md); the CLI is the exception, and this
module is where it is taken, lazily: a command that writes no page loads neither."""

from __future__ import annotations

from typing import Any


def brief_page(*args: Any, **kwargs: Any) -> str:
    from viz.pages import brief_page as render

    return render(*args, **kwargs)


def map_page(*args: Any, **kwargs: Any) -> str:
    from viz.pages import map_page as render

    return render(*args, **kwargs)


def plan_page(*args: Any, **kwargs: Any) -> str:
    from viz.plans import plan_page as render

    return render(*args, **kwargs)


def review_page(*args: Any, **kwargs: Any) -> str:
    from viz.plans import review_page as render

    return render(*args, **kwargs)


def activity_page(*args: Any, **kwargs: Any) -> str:
    from viz.portfolio import activity_page as render

    return render(*args, **kwargs)


def portfolio_page(*args: Any, **kwargs: Any) -> str:
    from viz.portfolio import portfolio_page as render

    return render(*args, **kwargs)


def create_app(*args: Any, **kwargs: Any) -> Any:
    from api.app import create_app as build

    return build(*args, **kwargs)


def serve(settings: Any, host: str, port: int) -> None:
    import uvicorn

    from api.app import create_app as build
    from api.server import config, hosts_for

    settings = hosts_for(settings, host)
    uvicorn.Server(config(build(settings), settings, host, port)).run()
