"""Stored hostile text is shown, never run (issue 18, part 9): a
declaration whose addresses carry a script and an event handler, and a
place whose name does, shown in chromium on the kiosk and on the
administrators' page.  Each payload would set a mark on the window or the
title if it ran; the page shows it as the text it is."""
import requests
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import WebDriverWait

from integration import accounts
from integration.helpers import JSON, body, citizen, uid

from .helpers import log_in

PAYLOADS = {
    "to_address": '<img src=x onerror="window.kdPwned=1;document.title=\'pwned\'">',
    "perm_address": "<script>window.kdPwned=2</script>",
    "from_address": "\"><svg onload=window.kdPwned=3>",
}


def never_ran(driver):
    assert driver.execute_script("return window.kdPwned === undefined")
    assert driver.title != "pwned"


def test_hostile_addresses_are_text_on_the_kiosk(stack, browser):
    c = citizen(stack, 760)
    r = requests.post(stack.url + "/declare", headers=JSON, data=body(c, **PAYLOADS))
    assert r.status_code == 201, r.text
    token = r.json()["token"]
    place = accounts.make_place(stack, "checkpoint", name="Chốt thử mã độc")
    name = uid("xss")
    password = accounts.make_account(stack, name, "officer", place_id=place)
    log_in(browser, stack, name, password, "/verify")
    browser.get(stack.url + "/verify?code=" + token)
    details = browser.find_element(By.CSS_SELECTOR, '[data-box="details"]').text
    never_ran(browser)
    assert "<img src=x" in details and "<script>" in details
    # The same verdict fetched by the page's script (JSON into the DOM).
    browser.get(stack.url + "/verify")
    browser.find_element(By.ID, "code").send_keys(token + "\n")
    WebDriverWait(browser, 10).until(lambda d: "<svg onload" in d.find_element(
        By.CSS_SELECTOR, '[data-f="from"]').text)
    never_ran(browser)


def test_a_hostile_place_name_is_text_for_the_administrator(stack, browser):
    name = uid("xssadmin")
    password = accounts.make_account(stack, name, "admin")
    admin = stack.login(name, password)
    r = admin.post(stack.url + "/admin-accounts", data={
        "action": "create_place", "kind": "checkpoint", "commune": accounts.a_commune(stack),
        "name": "<script>window.kdPwned=4</script>Chốt", "address": PAYLOADS["to_address"]})
    assert r.status_code == 201, r.text
    browser.delete_all_cookies()
    log_in(browser, stack, name, password, "/admin-accounts")
    text = browser.find_element(By.ID, "places").text
    never_ran(browser)
    assert "<script>window.kdPwned=4</script>Chốt" in text
