"""The declaration form in headless chromium at phone size: the commune
pickers (province -> district -> commune) fed by /units.json, the submit,
the QR page with its image; and the same form with JavaScript off, where
commune codes are typed."""
import base64

import pytest
from selenium.webdriver.common.by import By
from selenium.webdriver.support import expected_conditions as EC
from selenium.webdriver.support.ui import Select, WebDriverWait

from .helpers import check_qr_page, fits_the_screen, make_driver, pick, quit_driver, set_value


def a_citizen(stack):
    return stack.sql("SELECT id_number, full_name, DATE_FORMAT(dob, '%Y-%m-%d'), gender"
                     " FROM citizens ORDER BY id_number LIMIT 1 OFFSET 40")[0]


def fill_person(driver, c):
    driver.find_element(By.ID, "id_number").send_keys(c[0])
    driver.find_element(By.ID, "full_name").send_keys(c[1])
    set_value(driver, "dob", c[2])
    driver.find_element(By.CSS_SELECTOR, f'input[name="gender"][value="{c[3]}"]').click()
    driver.find_element(By.ID, "phone").send_keys("0911222333")


def fill_rest(driver):
    driver.find_element(By.ID, "perm_address").send_keys("Số 5 Hàng Bông")
    driver.find_element(By.ID, "from_address").send_keys("Số 5 Hàng Bông")
    driver.find_element(By.ID, "to_address").send_keys("Khu neo đậu tàu")
    Select(driver.find_element(By.ID, "vehicle")).select_by_value("boat")
    driver.find_element(By.CSS_SELECTOR, 'input[name="fever"]').click()
    driver.find_element(By.CSS_SELECTOR, 'input[name="vaccine_doses"][value="2"]').click()


def test_declare_with_the_pickers_then_the_qr_shows(stack, browser):
    assert (stack.root / "htdocs" / "units.json").exists(), "run make: htdocs/units.json"
    c = a_citizen(stack)
    browser.get(stack.url + "/declare")
    # The script turns each commune code input into three selects.
    WebDriverWait(browser, 15).until(
        EC.presence_of_element_located((By.ID, "perm_commune-p")))
    assert browser.find_element(By.ID, "perm_commune").get_attribute("type") == "hidden"
    assert browser.find_element(By.CSS_SELECTOR, 'label[for="perm_commune-p"]')
    fill_person(browser, c)
    pick(browser, "perm_commune", "01", "001", "00004")     # Phường Trúc Bạch
    pick(browser, "from_commune", "01", "001", "00001")     # Phường Phúc Xá
    pick(browser, "to_commune", "31", "318")                # Bạch Long Vĩ: no communes
    assert browser.find_element(By.ID, "perm_commune").get_attribute("value") == "00004"
    assert browser.find_element(By.ID, "to_commune").get_attribute("value") == "318"
    assert browser.find_element(By.ID, "to_commune-c").get_attribute("disabled")
    fill_rest(browser)
    # Usable at 360 px: nothing sticks out sideways.
    browser.set_window_size(360, 800)
    assert fits_the_screen(browser)
    browser.find_element(By.CSS_SELECTOR, "button.primary").click()
    token = check_qr_page(browser, stack, c[1])
    did = int.from_bytes(base64.urlsafe_b64decode(token + "==")[2:8], "big")
    row = stack.sql("SELECT perm_commune, from_commune, to_commune, vehicle, fever,"
                    " vaccine_doses FROM declarations WHERE declaration_id=%s", did)
    assert row == [("00004", "00001", "318", "boat", "1", "2")]
    browser.set_window_size(412, 915)


def test_a_bad_field_comes_back_with_the_pickers_set(stack, browser):
    c = a_citizen(stack)
    browser.get(stack.url + "/declare")
    WebDriverWait(browser, 15).until(
        EC.presence_of_element_located((By.ID, "perm_commune-p")))
    fill_person(browser, c)
    browser.find_element(By.ID, "phone").clear()
    browser.find_element(By.ID, "phone").send_keys("0123")
    pick(browser, "perm_commune", "01", "001", "00004")
    pick(browser, "from_commune", "01", "001", "00001")
    pick(browser, "to_commune", "01", "001", "00001")
    fill_rest(browser)
    browser.find_element(By.CSS_SELECTOR, "button.primary").click()
    WebDriverWait(browser, 15).until(
        EC.presence_of_element_located((By.ID, "err-phone")))
    assert "10 chữ số" in browser.find_element(By.ID, "err-phone").text
    WebDriverWait(browser, 15).until(
        EC.presence_of_element_located((By.ID, "perm_commune-c")))
    assert Select(browser.find_element(By.ID, "perm_commune-p")).first_selected_option \
        .get_attribute("value") == "01"
    assert Select(browser.find_element(By.ID, "perm_commune-c")).first_selected_option \
        .get_attribute("value") == "00004"
    assert browser.find_element(By.ID, "full_name").get_attribute("value") == c[1]


@pytest.fixture(scope="module")
def browser_nojs():
    driver = make_driver(extra_flags=["--blink-settings=scriptEnabled=false"])
    yield driver
    quit_driver(driver)


def test_without_javascript_commune_codes_are_typed(stack, browser_nojs):
    b = browser_nojs
    c = a_citizen(stack)
    b.get(stack.url + "/declare")
    assert not b.find_elements(By.ID, "perm_commune-p")
    assert b.find_element(By.ID, "perm_commune").get_attribute("type") == "text"
    b.find_element(By.ID, "id_number").send_keys(c[0])
    b.find_element(By.ID, "full_name").send_keys(c[1])
    b.find_element(By.ID, "dob").send_keys("")     # left for the server to reject
    b.find_element(By.CSS_SELECTOR, f'input[name="gender"][value="{c[3]}"]').click()
    b.find_element(By.ID, "phone").send_keys("0911222333")
    b.find_element(By.ID, "perm_commune").send_keys("00004")
    b.find_element(By.ID, "from_commune").send_keys("00001")
    b.find_element(By.ID, "to_commune").send_keys("00007")
    fill_rest(b)
    b.find_element(By.CSS_SELECTOR, "button.primary").click()
    # Without a birth date the server answers the form again, all kept.
    WebDriverWait(b, 15).until(EC.presence_of_element_located((By.ID, "err-dob")))
    assert b.find_element(By.ID, "perm_commune").get_attribute("value") == "00004"
    assert "Phường Trúc Bạch" in b.page_source
    # A date input without script: type the digits in the browser's order
    # (en-US: month, day, year).
    y, m, d = c[2].split("-")
    b.find_element(By.ID, "dob").send_keys(m + d + y)
    if b.find_element(By.ID, "dob").get_attribute("value") != c[2]:
        pytest.skip("this chromium's date input takes another order")
    b.find_element(By.CSS_SELECTOR, "button.primary").click()
    check_qr_page(b, stack, c[1])
