"""The test harness itself: under CI a missing browser fails the run instead of skipping."""

from __future__ import annotations

import pytest

from . import servers


def test_missing_browser_fails_under_ci(monkeypatch, tmp_path):
    monkeypatch.setattr(servers, "CHROMIUM", str(tmp_path / "no-chromium"))
    monkeypatch.setenv("CI", "true")
    with pytest.raises(pytest.fail.Exception, match="Chromium not found"):
        servers.require_chromium()


def test_missing_browser_skips_on_a_laptop(monkeypatch, tmp_path):
    monkeypatch.setattr(servers, "CHROMIUM", str(tmp_path / "no-chromium"))
    monkeypatch.delenv("CI", raising=False)
    with pytest.raises(pytest.skip.Exception):
        servers.require_chromium()
