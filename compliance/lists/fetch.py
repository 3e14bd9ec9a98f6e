"""Downloading a list file so that what was fetched can be audited and cannot be swapped.

A list update decides what the gate screens against, so the transport is held to:
https only (plain http only with `allow_insecure`, for a local mirror, and then recorded),
no redirect to another scheme (an https URL never ends up fetched over http, and no
redirect ever reaches `file:` or `ftp:`), one deadline for the whole download (a server
that drips a byte a second cannot hold an update forever), a size cap, and the sha256
of the bytes and the URL they actually came from recorded for the manifest and report.
"""

from __future__ import annotations

import hashlib
import time
import urllib.error
import urllib.request
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

from compliance import __version__
from compliance.model.errors import ListDataError, UsageError
from compliance.model.report import DownloadProvenance

MAX_BYTES = 200 * 1024 * 1024
CHUNK = 64 * 1024


@dataclass(frozen=True)
class Transport:
    """How downloads may be made: total seconds per file, byte cap, plain http allowed."""

    deadline: float = 300.0
    max_bytes: int = MAX_BYTES
    allow_insecure: bool = False

    def schemes(self) -> tuple[str, ...]:
        return ("https", "http") if self.allow_insecure else ("https",)


def check_url(url: str, transport: Transport, field: str = "URL") -> str:
    """`url` when its scheme is allowed, else a usage error that says how to allow it."""
    parts = urlsplit(url)
    scheme = parts.scheme.lower()
    if scheme == "http" and not transport.allow_insecure:
        raise UsageError(f"{url}: plain http is refused (use an https URL, or --allow-insecure-url for a local mirror)", field=field)
    if scheme not in transport.schemes() or not parts.netloc:
        raise UsageError(f"{url}: only https URLs are downloaded", field=field)
    return url


class _SameSchemeRedirects(urllib.request.HTTPRedirectHandler):
    """Follow a redirect only to a URL of the same scheme as the one requested."""

    def redirect_request(self, req, fp, code, msg, headers, newurl):  # noqa: D102 - urllib's hook
        old, new = urlsplit(req.full_url).scheme.lower(), urlsplit(newurl).scheme.lower()
        if new != old:
            raise ListDataError(f"redirected from {old} to {newurl!r}; a redirect to another scheme is refused", file=req.full_url)
        return super().redirect_request(req, fp, code, msg, headers, newurl)


def _opener() -> urllib.request.OpenerDirector:
    # build_opener adds FileHandler, FTPHandler and DataHandler; an explicit director holds only http(s)
    opener = urllib.request.OpenerDirector()
    for handler in (
        urllib.request.ProxyHandler(),
        urllib.request.UnknownHandler(),
        urllib.request.HTTPHandler(),
        urllib.request.HTTPSHandler(),
        urllib.request.HTTPDefaultErrorHandler(),
        _SameSchemeRedirects(),
        urllib.request.HTTPErrorProcessor(),
    ):
        opener.add_handler(handler)
    return opener


def fetch(url: str, dest: Path, transport: Transport) -> DownloadProvenance:
    """Download `url` to `dest` under `transport`'s rules; what was fetched, for the record."""
    check_url(url, transport)
    end = time.monotonic() + transport.deadline
    request = urllib.request.Request(url, headers={"User-Agent": f"compliance/{__version__}"})
    digest, total = hashlib.sha256(), 0
    try:
        with _opener().open(request, timeout=transport.deadline) as response, open(dest, "wb") as out:
            final = response.geturl()
            check_url(final, transport)
            length = response.headers.get("Content-Length")
            if length and length.isdigit() and int(length) > transport.max_bytes:
                raise _too_big(transport, url)
            while chunk := response.read1(CHUNK):
                total += len(chunk)
                if total > transport.max_bytes:
                    raise _too_big(transport, url)
                if time.monotonic() > end:
                    raise ListDataError(f"download took longer than {transport.deadline:g} s, stopped; no snapshot was changed", file=url)
                digest.update(chunk)
                out.write(chunk)
    except urllib.error.HTTPError as exc:
        raise ListDataError(f"download failed: HTTP {exc.code} {exc.reason}", file=url) from None
    except (urllib.error.URLError, TimeoutError, OSError) as exc:
        reason = getattr(exc, "reason", exc)
        raise ListDataError(f"download failed ({reason}); no snapshot was changed", file=url) from None
    return DownloadProvenance(
        url=final, sha256=digest.hexdigest(), bytes=total, insecure=urlsplit(final).scheme.lower() == "http"
    )


def _too_big(transport: Transport, url: str) -> ListDataError:
    return ListDataError(f"download larger than {transport.max_bytes:,} bytes, stopped; no snapshot was changed", file=url)
