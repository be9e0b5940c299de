"""/paper-entry in a phone-sized browser: an officer looks a citizen up
in the registry (the form comes back filled, the commune pickers set),
completes the paper declaration, and gets the slip with its QR code, the
ID number masked, and two print buttons: A4 and an 80 mm receipt (the
printed page's size read from the PDF chromium prints)."""
import base64
import re

from selenium.webdriver.common.by import By
from selenium.webdriver.support import expected_conditions as EC
from selenium.webdriver.support.ui import WebDriverWait

from integration import accounts
from integration.helpers import citizen, uid

from .helpers import fits_the_screen, image_loaded, log_in, phone, pick


def test_an_officer_enters_a_paper_declaration_and_gets_the_slip(stack, browser):
    place = accounts.make_place(stack, "checkpoint", name="Chốt giấy Km 12")
    name = uid("paper")
    password = accounts.make_account(stack, name, "officer", place_id=place)
    c = citizen(stack, 47)
    wait = WebDriverWait(browser, 15)
    phone(browser)
    browser.get(stack.url + "/paper-entry")
    log_in(browser, stack, name, password, lands_on="/paper-entry")
    # The registry look-up fills the citizen's part of the form.
    browser.find_element(By.ID, "lookup").send_keys(c[0])
    button = browser.find_element(By.CSS_SELECTOR, "form.lookup button")
    button.click()
    wait.until(EC.staleness_of(button))                # the answer is a new page
    assert browser.find_element(By.ID, "full_name").get_attribute("value") == c[1]
    wait.until(EC.presence_of_element_located((By.ID, "perm_commune-p")))
    assert browser.find_element(By.ID, "id_number").get_attribute("value") == c[0]
    assert browser.find_element(By.ID, "perm_commune").get_attribute("value") == c[4]
    assert fits_the_screen(browser)
    # The rest, as the paper says.
    browser.find_element(By.ID, "perm_address").send_keys("Thôn Đông")
    pick(browser, "from_commune", "01", "001", "00001")
    browser.find_element(By.ID, "from_address").send_keys("Thôn Đông")
    pick(browser, "to_commune", "01", "001", "00004")
    browser.find_element(By.ID, "to_address").send_keys("Số 1 Hàng Bài")
    browser.find_element(By.CSS_SELECTOR, 'input[name="vaccine_doses"][value="1"]').click()
    browser.find_element(By.CSS_SELECTOR, 'input[name="direction"][value="out"]').click()
    browser.find_element(By.CSS_SELECTOR, "#paper-form button.primary").click()
    # The slip: the code drawn, the name and ID to compare with the card.
    slip = wait.until(EC.presence_of_element_located((By.ID, "slip")))
    image_loaded(browser, slip.find_element(By.TAG_NAME, "img"))
    text = slip.get_attribute("textContent")          # .text is as styled: upper case
    masked = c[0][:3] + "*" * (len(c[0]) - 5) + c[0][-2:]
    assert c[1] in text and masked in text and c[0] not in text and "Chốt giấy Km 12" in text
    assert page_size_mm(browser) == (210, 297)                     # A4
    browser.execute_script("window.print = function () { window.kdPrinted = true; };")
    browser.find_element(By.ID, "print-80").click()                # js/paper.js
    wait.until(lambda d: d.execute_script("return window.kdPrinted === true"))
    assert page_size_mm(browser)[0] == 80
    row = stack.sql("SELECT d.source, d.entered_by, p.direction, p.place_id FROM declarations d"
                    " JOIN passages p USING (declaration_id) WHERE d.declaration_id=%s",
                    slip.get_attribute("data-declaration"))
    assert row == [("paper", name, "out", str(place))]


def page_size_mm(browser):
    """The size of the first page chromium prints, in millimetres."""
    pdf = base64.b64decode(browser.execute_cdp_cmd(
        "Page.printToPDF", {"preferCSSPageSize": True})["data"])
    box = re.search(rb"/MediaBox\s*\[\s*0 0 ([\d.]+) ([\d.]+)\s*\]", pdf)
    return tuple(round(float(v) * 25.4 / 72) for v in box.groups())
