"""A family on one phone (/declare/household) in a phone-sized browser:
the shared details once, three members, one code each; every code
verifies at the kiosk; the family's page prints as an A4 sheet (opening
it without network: test_qr.py)."""
import re

from selenium.webdriver.common.by import By
from selenium.webdriver.support import expected_conditions as EC
from selenium.webdriver.support.ui import WebDriverWait

from integration.helpers import citizen

from .conftest import KIOSK_PLACE
from .helpers import fits_the_screen, image_loaded, phone, search_pick, set_value


def fill_member(driver, n, c):
    p = f"m{n}_"
    driver.find_element(By.ID, p + "id_number").send_keys(c[0])
    driver.find_element(By.ID, p + "full_name").send_keys(c[1])
    set_value(driver, p + "dob", c[2])
    driver.find_element(By.CSS_SELECTOR, f'input[name="{p}gender"][value="{c[3]}"]').click()
    driver.find_element(By.CSS_SELECTOR, f'input[name="{p}vaccine_doses"][value="2"]').click()


def test_a_household_of_three_gives_three_codes_that_verify(stack, browser, kiosk):
    family = [citizen(stack, n) for n in (620, 621, 622)]
    phone(browser)
    browser.get(stack.url + "/declare/household")
    browser.find_element(By.ID, "phone").send_keys("0912 620 620")
    search_pick(browser, "perm_commune", "truc bach", "Phường Trúc Bạch, Quận Ba Đình, Hà Nội")
    browser.find_element(By.ID, "perm_address").send_keys("Số 6 Trúc Bạch")
    search_pick(browser, "to_commune", "phuc xa", "Phường Phúc Xá, Quận Ba Đình, Hà Nội")
    browser.find_element(By.ID, "to_address").send_keys("Số 1 Phúc Xá")
    # Two members are shown; "Thêm người" shows the third.
    assert browser.find_element(By.ID, "member-2").is_displayed()
    assert not browser.find_element(By.ID, "member-3").is_displayed()
    fill_member(browser, 1, family[0])
    fill_member(browser, 2, family[1])
    browser.find_element(By.CSS_SELECTOR, "button.add-member").click()
    assert browser.find_element(By.ID, "member-3").is_displayed()
    fill_member(browser, 3, family[2])
    assert fits_the_screen(browser)
    browser.find_element(By.CSS_SELECTOR, "#household-form button.primary").click()
    WebDriverWait(browser, 15).until(EC.url_matches(r"/declare/household/[A-Za-z0-9_-]+$"))
    images = browser.find_elements(By.CSS_SELECTOR, "#sheet img")
    assert len(images) == 3
    for img in images:
        image_loaded(browser, img)
    tokens = [re.search(r"/qr/([A-Za-z0-9_-]{102})\.png$", i.get_attribute("src")).group(1)
              for i in images]
    holders = [h.text for h in browser.find_elements(By.CSS_SELECTOR, "#sheet .holder")]
    for c, t, shown in zip(family, tokens, holders):
        assert shown.split()[0] == c[1].split()[0] and shown != c[1]   # masked
        v = kiosk.get(stack.url + "/verify", params={"code": t})
        assert v.status_code == 200 and v.json()["valid"] is True
        assert v.json()["declaration"]["id_number"] == c[0]
        assert v.json()["declaration"]["phone"] == "0912620620"
    assert browser.find_element(By.CSS_SELECTOR, "button.print").is_displayed()
    assert fits_the_screen(browser)
    # Printed: one sheet of cards, the buttons left out.
    browser.execute_cdp_cmd("Emulation.setEmulatedMedia", {"media": "print"})
    assert not browser.find_element(By.CSS_SELECTOR, "button.print").is_displayed()
    assert all(i.is_displayed() for i in browser.find_elements(By.CSS_SELECTOR, "#sheet img"))
    browser.execute_cdp_cmd("Emulation.setEmulatedMedia", {"media": ""})
