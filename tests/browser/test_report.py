"""/report in a 360 px phone browser: a province administrator reads the
province's day, sees the bars and the line, drills down district ->
commune -> a checkpoint's hours, and nothing sticks out sideways.  The
day's data: tests/integration/report_world.py (another day than the
integration test's)."""
import re
import sys
from pathlib import Path

from selenium.webdriver.common.by import By
from selenium.webdriver.support import expected_conditions as EC
from selenium.webdriver.support.ui import WebDriverWait

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "integration"))
import accounts  # noqa: E402
import report_world  # noqa: E402

from .helpers import fits_the_screen, log_in, phone  # noqa: E402


def figure(scope, name):
    """The number a data-figure element shows, the dots of 1.234 removed."""
    text = scope.find_element(By.CSS_SELECTOR, f'[data-figure="{name}"]').text
    return int(re.match(r"[0-9.]+", text).group(0).replace(".", ""))


def follow(browser, link):
    """Clicks link and waits for the page it leads to."""
    old = browser.find_element(By.TAG_NAME, "html")
    link.click()
    WebDriverWait(browser, 10).until(EC.staleness_of(old))


def test_a_province_admin_drills_down_on_a_phone(stack, browser):
    w = report_world.World(stack, days_ago=22, provinces=("08", "10")).build()
    rc, out, err = w.import_doses(w.doses_csv(bad_line=False))
    assert rc == 0, out + err
    w.daily()
    name = f"qt-rp-{w.P}-web"
    password = accounts.make_account(stack, name, "admin", unit=w.P)

    browser.delete_all_cookies()
    phone(browser, 360)
    log_in(browser, stack, name, password, "/admin-accounts")
    browser.get(f"{stack.url}/report?date={w.day}")
    assert browser.find_element(By.ID, "unit-name").text == "Tỉnh Tuyên Quang"
    summary = browser.find_element(By.ID, "summary")
    assert figure(summary, "in") == w.expected("P")["in"]
    bars = browser.find_elements(By.CSS_SELECTOR, "#bars .bar-label")
    assert len(bars) == w.count("SELECT COUNT(*) FROM admin_units WHERE parent_code=%s", w.P)
    assert len(browser.find_elements(By.CSS_SELECTOR, "#line polyline")) == 3
    assert browser.find_element(By.ID, "line").size["width"] <= 360
    assert fits_the_screen(browser)

    follow(browser, browser.find_element(
        By.CSS_SELECTOR, f'#children tr[data-unit="{w.D1}"] a'))
    assert f"unit={w.D1}" in browser.current_url
    row = browser.find_element(By.CSS_SELECTOR, f'#children tr[data-unit="{w.A}"]')
    assert figure(row, "in") == 3 and figure(row, "dose1") == 2
    follow(browser, row.find_element(By.TAG_NAME, "a"))
    places = browser.find_element(By.ID, "places")
    assert "Chốt báo cáo KA" in places.text and "Siêu thị báo cáo VA" in places.text
    assert fits_the_screen(browser)

    follow(browser, places.find_element(By.LINK_TEXT, "Chốt báo cáo KA"))
    section = browser.find_element(By.CSS_SELECTOR, f'section[data-place="{w.KA}"]')
    assert section.find_element(By.CSS_SELECTOR, '[data-figure="slowest"]').text == "0:30"
    hours = section.find_elements(By.CSS_SELECTOR, "table.hours tbody tr")
    assert [h.find_element(By.TAG_NAME, "td").text for h in hours] == ["10:00", "11:00", "12:00"]
    assert fits_the_screen(browser)
