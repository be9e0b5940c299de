"""/paper-entry in a phone-sized browser: an officer looks a citizen up
in the registry (the form comes back filled, the commune pickers set),
completes the paper declaration, and gets the slip with its QR code, the
ID number masked, and two print buttons: A4 and an 80 mm receipt (the
printed page's size read from the PDF chromium prints); and a family's
forms at once, one QR per person."""
import base64
import re

from selenium.webdriver.common.by import By
from selenium.webdriver.support import expected_conditions as EC
from selenium.webdriver.support.ui import WebDriverWait

from integration import accounts
from integration.helpers import citizen, uid

from .helpers import code_of, fits_the_screen, image_loaded, log_in, phone, search_pick


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
    assert browser.find_element(By.ID, "id_number").get_attribute("value") == c[0]
    assert code_of(browser, "perm_commune") == c[4]
    assert fits_the_screen(browser)
    # The rest, as the paper says.
    browser.find_element(By.ID, "perm_address").send_keys("Thôn Đông")
    search_pick(browser, "from_commune", "phuc xa", "Phường Phúc Xá, Quận Ba Đình, Hà Nội")
    browser.find_element(By.ID, "from_address").send_keys("Thôn Đông")
    search_pick(browser, "to_commune", "truc bach", "Phường Trúc Bạch, Quận Ba Đình, Hà Nội")
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
def test_an_officer_enters_a_familys_paper_forms_at_once(stack, browser):
    place = accounts.make_place(stack, "checkpoint", name="Chốt gia đình Km 14")
    name = uid("paperfam")
    password = accounts.make_account(stack, name, "officer", place_id=place)
    family = [citizen(stack, n) for n in (630, 631)]
    phone(browser)
    browser.delete_all_cookies()                   # the officer of the test before
    browser.get(stack.url + "/paper-entry/household")
    log_in(browser, stack, name, password, lands_on="/paper-entry/household")
    search_pick(browser, "perm_commune", "truc bach", "Phường Trúc Bạch, Quận Ba Đình, Hà Nội")
    browser.find_element(By.ID, "perm_address").send_keys("Thôn Đông")
    search_pick(browser, "to_commune", "phuc xa", "Phường Phúc Xá, Quận Ba Đình, Hà Nội")
    browser.find_element(By.ID, "to_address").send_keys("Số 1 Phúc Xá")
    for n, c in enumerate(family, 1):
        p = f"m{n}_"
        browser.find_element(By.ID, p + "id_number").send_keys(c[0])
        browser.find_element(By.ID, p + "full_name").send_keys(c[1])
        browser.execute_script("document.getElementById(arguments[0]).value = arguments[1];",
                               p + "dob", c[2])
        browser.find_element(By.CSS_SELECTOR, f'input[name="{p}gender"][value="{c[3]}"]').click()
        browser.find_element(By.CSS_SELECTOR,
                             f'input[name="{p}vaccine_doses"][value="0"]').click()
    browser.find_element(By.CSS_SELECTOR, "#paper-household-form button.primary").click()
    sheet = WebDriverWait(browser, 15).until(EC.presence_of_element_located((By.ID, "sheet")))
    images = sheet.find_elements(By.TAG_NAME, "img")
    assert len(images) == 2
    for img in images:
        image_loaded(browser, img)
    assert "Chốt gia đình Km 14" in browser.page_source
    rows = stack.sql("SELECT d.id_number, d.source, p.direction, p.place_id FROM declarations d"
                     " JOIN passages p USING (declaration_id) WHERE d.entered_by=%s"
                     " ORDER BY d.declaration_id", name)
    assert rows == [(c[0], "paper", "in", str(place)) for c in family]
