"""Versioned routes under /v1."""
