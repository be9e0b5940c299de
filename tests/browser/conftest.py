"""Headless Debian chromium driven by selenium, one per test module."""
import shutil
import tempfile

import pytest
from selenium import webdriver
from selenium.webdriver.chrome.service import Service

CHROMIUM_FLAGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
    "--no-first-run", "--disable-background-networking", "--disable-component-update",
    "--disable-sync", "--log-level=3",
]


def make_driver(extra_flags=(), window="412,915"):
    """A chromium driver with a fresh profile; phone-sized window by default."""
    profile = tempfile.mkdtemp(prefix="kd-chromium.")
    options = webdriver.ChromeOptions()
    options.binary_location = "/usr/bin/chromium"
    for flag in CHROMIUM_FLAGS + [f"--window-size={window}", f"--user-data-dir={profile}"]:
        options.add_argument(flag)
    for flag in extra_flags:
        options.add_argument(flag)
    driver = webdriver.Chrome(service=Service("/usr/bin/chromedriver"), options=options)
    driver.set_page_load_timeout(30)
    driver.kd_profile = profile
    return driver


def quit_driver(driver):
    driver.quit()
    shutil.rmtree(driver.kd_profile, ignore_errors=True)


@pytest.fixture(scope="module")
def browser():
    driver = make_driver()
    yield driver
    quit_driver(driver)
