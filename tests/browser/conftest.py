"""Headless Debian chromium driven by selenium, one per test module
(helpers.py)."""
import pytest

from .helpers import make_driver, quit_driver


@pytest.fixture(scope="module")
def browser():
    driver = make_driver()
    yield driver
    quit_driver(driver)
