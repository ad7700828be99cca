"""Absolute, canonical addresses for sharing (the functions live in core.links, used by every layer)."""

from core.links import absolute_url, short_url

__all__ = ["absolute_url", "short_url"]
