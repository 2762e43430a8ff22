"""The one error the parsing package lets escape."""

from __future__ import annotations


class PlanParseError(Exception):
    """The one documented error: file unreadable / undecodable, empty document, no numbered units found."""


class DocumentTooLarge(PlanParseError):
    """More text or units than one upload may cost us to parse."""
