"""The f-status pages in a phone-sized browser, without JavaScript doing
any of the work: a commune police officer logs in, lands on the area's
list, traces an F0 (timeline and graph drawn as SVG by the server),
ticks a contact and marks them F1, finds the task on the worklist and
closes it with a note; then a place's visitors."""
import sys
from pathlib import Path

import pytest
from selenium.webdriver.common.by import By
from selenium.webdriver.support import expected_conditions as EC
from selenium.webdriver.support.ui import Select, WebDriverWait

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "integration"))
import fcases  # noqa: E402


def phone(browser):
    browser.execute_cdp_cmd("Emulation.setDeviceMetricsOverride", {
        "width": 412, "height": 915, "deviceScaleFactor": 1, "mobile": True})


def fits(browser):
    return browser.execute_script("return document.documentElement.scrollWidth") <= 412


@pytest.fixture(scope="module")
def case(stack):
    w = fcases.World(stack)
    w.commune = "16279"
    w.V = w.place("venue", "Chợ Trung tâm thử", w.commune)
    w.F0 = w.person(w.commune, "Cao Văn Nguồn")
    w.near = w.person(w.commune, "Hồ Thị Gần")
    w.far = w.person(fcases.another_district_commune(stack, w.commune), "Tạ Văn Xa")
    w.passage(w.F0, w.V, w.at(9, 0))
    w.passage(w.near, w.V, w.at(9, 10))
    w.passage(w.far, w.V, w.at(9, 20))
    w.officer = w.police(w.commune)
    return w


def test_trace_mark_and_close_the_task(stack, browser, case):
    phone(browser)
    browser.get(stack.url + "/login")
    browser.find_element(By.ID, "uid").send_keys(case.officer.uid)
    browser.find_element(By.ID, "password").send_keys(case.officer.password)
    browser.find_element(By.CSS_SELECTOR, "button.primary").click()
    WebDriverWait(browser, 10).until(EC.presence_of_element_located((By.ID, "counts")))
    assert browser.current_url.endswith("/f-status")
    assert fits(browser)

    browser.find_element(By.LINK_TEXT, "Truy vết").click()
    field = WebDriverWait(browser, 10).until(EC.presence_of_element_located((By.ID, "id_number")))
    field.send_keys(case.F0["id"])
    # Date inputs take digits in the locale's order: set the value itself.
    browser.execute_script("arguments[0].value = arguments[1]",
                           browser.find_element(By.ID, "from"), str(case.day))
    Select(browser.find_element(By.ID, "depth")).select_by_value("2")
    browser.find_element(By.CSS_SELECTOR, "#trace-form button.primary").click()
    WebDriverWait(browser, 10).until(EC.presence_of_element_located((By.ID, "timeline")))
    assert case.F0["id"] not in browser.current_url          # a POST: no ID in the URL
    assert len(browser.find_elements(By.CSS_SELECTOR, "#timeline circle")) == 1
    nodes = browser.find_elements(By.CSS_SELECTOR, "#graph circle")
    assert len(nodes) == 3                                    # F0 and two contacts
    assert browser.find_element(By.ID, "n1").text == "2"
    assert "Tạ Văn Xa" in browser.find_element(By.ID, "contacts").text
    assert fits(browser)

    browser.find_element(By.CSS_SELECTOR, f'input[name="ids"][value="{case.near["id"]}"]').click()
    browser.find_element(By.CSS_SELECTOR, '#mark-form button[value="F1"]').click()
    result = WebDriverWait(browser, 10).until(EC.presence_of_element_located((By.ID, "mark-result")))
    assert "1 người được đánh dấu" in result.text.replace("\n", " ")
    assert "Hồ Thị Gần" in browser.find_element(By.ID, "marked").text

    browser.find_element(By.LINK_TEXT, "Việc được giao").click()
    task_id = stack.sql("SELECT task_id FROM f_tasks WHERE id_number=%s", case.near["id"])[0][0]
    card = WebDriverWait(browser, 10).until(
        EC.presence_of_element_located((By.ID, f"task-{task_id}")))
    assert "Hồ Thị Gần" in card.text and "Chợ Trung tâm thử" in card.text
    card.find_element(By.NAME, "note").send_keys("Đã gọi điện, cách ly tại nhà")
    card.find_element(By.CSS_SELECTOR, "button").click()
    flash = WebDriverWait(browser, 10).until(EC.presence_of_element_located((By.ID, "flash")))
    assert "Đã ghi nhận" in flash.text
    assert stack.sql("SELECT done_note FROM f_tasks WHERE task_id=%s", task_id) == \
        [("Đã gọi điện, cách ly tại nhà",)]
    assert fits(browser)


def test_visitors_of_a_place(stack, browser, case):
    browser.get(stack.url + "/f-status/visitors")
    browser.find_element(By.ID, "place_id").send_keys(str(case.V))
    for name, hhmm in (("from", "08:00"), ("to", "10:00")):
        browser.execute_script("arguments[0].value = arguments[1]",
                               browser.find_element(By.ID, name), f"{case.day}T{hhmm}")
    browser.find_element(By.CSS_SELECTOR, "button.primary").click()
    table = WebDriverWait(browser, 10).until(EC.presence_of_element_located((By.ID, "visitors")))
    assert [r.text.split()[0] for r in table.find_elements(By.CSS_SELECTOR, "tbody tr")] == \
        ["09:00", "09:10", "09:20"]
    assert "Tạ Văn Xa" in table.text
    assert fits(browser)
