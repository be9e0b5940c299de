"""The declaration form in headless chromium at phone size: communes
searched by name while typing (with and without tone marks), "same as
permanent residence", what people type understood (phone with spaces and
+84, an ID with spaces, a date as dd/mm/yyyy) and stored normalised, the
error summary's links; and the same form with JavaScript off, where the
server looks the typed names up and lists the matches to pick from."""
import base64

import pytest
from selenium.webdriver.common.by import By
from selenium.webdriver.support import expected_conditions as EC
from selenium.webdriver.support.ui import Select, WebDriverWait

from .helpers import (check_qr_page, code_of, fits_the_screen, make_driver, quit_driver,
                      search_pick, set_value)


def a_citizen(stack, n=600):
    return stack.sql("SELECT id_number, full_name, DATE_FORMAT(dob, '%Y-%m-%d'), gender"
                     " FROM citizens ORDER BY id_number LIMIT 1 OFFSET " + str(n))[0]


def declaration_of(token):
    return int.from_bytes(base64.urlsafe_b64decode(token + "==")[2:8], "big")


def fill_person(driver, c, phone="0911222333"):
    driver.find_element(By.ID, "id_number").send_keys(c[0])
    driver.find_element(By.ID, "full_name").send_keys(c[1])
    set_value(driver, "dob", c[2])
    driver.find_element(By.CSS_SELECTOR, f'input[name="gender"][value="{c[3]}"]').click()
    driver.find_element(By.ID, "phone").send_keys(phone)


def fill_rest(driver):
    driver.find_element(By.ID, "perm_address").send_keys("Số 5 Hàng Bông")
    driver.find_element(By.ID, "to_address").send_keys("Khu neo đậu tàu")
    Select(driver.find_element(By.ID, "vehicle")).select_by_value("boat")
    driver.find_element(By.CSS_SELECTOR, 'input[name="fever"]').click()
    driver.find_element(By.CSS_SELECTOR, 'input[name="vaccine_doses"][value="2"]').click()


def test_communes_searched_while_typing_then_the_qr_shows(stack, browser):
    c = a_citizen(stack, 600)
    browser.get(stack.url + "/declare")
    fill_person(browser, c)
    # Without tone marks, with them, an island district without communes.
    search_pick(browser, "perm_commune", "ham rong",
                "Phường Hàm Rồng, TP Thanh Hóa, Thanh Hóa")
    assert code_of(browser, "perm_commune") == "14755"
    search_pick(browser, "to_commune", "Bạch Long", "Huyện Bạch Long Vĩ, Hải Phòng")
    assert code_of(browser, "to_commune") == "318"
    # The origin is the permanent residence unless unticked: its inputs
    # are hidden while ticked.
    assert browser.find_element(By.ID, "from_same").is_selected()
    assert not browser.find_element(By.ID, "from_commune_q").is_displayed()
    browser.find_element(By.ID, "temp_same").click()
    assert not browser.find_element(By.ID, "temp_commune_q").is_displayed()
    fill_rest(browser)
    # Usable at 360 px: nothing sticks out sideways.
    browser.set_window_size(360, 800)
    assert fits_the_screen(browser)
    browser.find_element(By.CSS_SELECTOR, "button.primary").click()
    token = check_qr_page(browser, stack, c[1])
    row = stack.sql("SELECT perm_commune, temp_commune, temp_address, from_commune,"
                    " to_commune, vehicle, fever, vaccine_doses FROM declarations"
                    " WHERE declaration_id=%s", declaration_of(token))
    assert row == [("14755", "14755", "Số 5 Hàng Bông", "14755", "318", "boat", "1", "2")]
    browser.set_window_size(412, 915)


def test_what_people_type_is_understood_and_stored_normalised(stack, browser):
    c = a_citizen(stack, 601)
    spaced = " ".join([c[0][:3], c[0][3:6], c[0][6:]])
    y, m, d = c[2].split("-")
    browser.get(stack.url + "/declare")
    fill_person(browser, (spaced,) + tuple(c[1:]), phone="+84 912.345.678")
    # A browser without a date input (a text field): dd/mm/yyyy typed.
    browser.execute_script("var e = document.getElementById('dob'); e.type = 'text';"
                           " e.value = '';")
    browser.find_element(By.ID, "dob").send_keys(f"{d}/{m}/{y}")
    search_pick(browser, "perm_commune", "phuc xa", "Phường Phúc Xá, Quận Ba Đình, Hà Nội")
    search_pick(browser, "to_commune", "truc bach", "Phường Trúc Bạch, Quận Ba Đình, Hà Nội")
    fill_rest(browser)
    browser.find_element(By.CSS_SELECTOR, "button.primary").click()
    token = check_qr_page(browser, stack, c[1])
    row = stack.sql("SELECT id_number, phone, DATE_FORMAT(dob, '%Y-%m-%d') FROM declarations"
                    " WHERE declaration_id=%s", declaration_of(token))
    assert row == [(c[0], "0912345678", c[2])]


def test_the_error_summary_links_to_each_field(stack, browser):
    c = a_citizen(stack, 602)
    browser.get(stack.url + "/declare")
    fill_person(browser, c, phone="0123")
    search_pick(browser, "perm_commune", "phuc xa", "Phường Phúc Xá, Quận Ba Đình, Hà Nội")
    fill_rest(browser)
    browser.find_element(By.ID, "to_commune_q").send_keys("khong co xa nay")
    browser.find_element(By.CSS_SELECTOR, "button.primary").click()
    summary = WebDriverWait(browser, 15).until(
        EC.presence_of_element_located((By.ID, "error-summary")))
    # The summary takes the focus; each link puts the cursor in its field.
    assert browser.switch_to.active_element.get_attribute("id") == "error-summary"
    links = summary.find_elements(By.TAG_NAME, "a")
    targets = [a.get_attribute("href").split("#")[1] for a in links]
    assert targets == ["phone", "to_commune_q"]
    assert links[0].text.startswith("Số điện thoại:")
    for k, target in enumerate(targets):
        browser.find_element(By.ID, "error-summary").find_elements(By.TAG_NAME, "a")[k].click()
        assert browser.switch_to.active_element.get_attribute("id") == target
    # Everything typed is still there.
    assert browser.find_element(By.ID, "full_name").get_attribute("value") == c[1]
    assert code_of(browser, "perm_commune") == "00001"


@pytest.fixture(scope="module")
def browser_nojs():
    driver = make_driver(extra_flags=["--blink-settings=scriptEnabled=false"])
    yield driver
    quit_driver(driver)


def test_without_javascript_the_server_looks_the_communes_up(stack, browser_nojs):
    b = browser_nojs
    c = a_citizen(stack, 603)
    b.get(stack.url + "/declare")
    assert not b.find_elements(By.CSS_SELECTOR, ".suggest")
    b.find_element(By.ID, "id_number").send_keys(c[0])
    b.find_element(By.ID, "full_name").send_keys(c[1])
    b.find_element(By.CSS_SELECTOR, f'input[name="gender"][value="{c[3]}"]').click()
    b.find_element(By.ID, "phone").send_keys("0911 222 333")
    b.find_element(By.ID, "perm_commune_q").send_keys("ham rong")        # three of them
    b.find_element(By.ID, "to_commune_q").send_keys("truc bach ha noi")  # just one
    fill_rest(b)
    # A date input without script: type the digits in the browser's order
    # (en-US: month, day, year).
    y, m, d = c[2].split("-")
    b.find_element(By.ID, "dob").send_keys(m + d + y)
    if b.find_element(By.ID, "dob").get_attribute("value") != c[2]:
        pytest.skip("this chromium's date input takes another order")
    b.find_element(By.CSS_SELECTOR, "button.primary").click()
    # The server found one Trúc Bạch, and lists the three Hàm Rồng to pick.
    WebDriverWait(b, 15).until(EC.presence_of_element_located((By.ID, "err-perm_commune")))
    assert b.find_element(By.ID, "to_commune_q").get_attribute("value") == \
        "Phường Trúc Bạch, Quận Ba Đình, Hà Nội"
    choices = b.find_elements(By.CSS_SELECTOR, 'input[type=radio][name="perm_commune"]')
    assert sorted(x.get_attribute("value") for x in choices) == ["03016", "14755", "32194"]
    b.find_element(By.CSS_SELECTOR, 'input[name="perm_commune"][value="14755"]').click()
    b.find_element(By.CSS_SELECTOR, "button.primary").click()
    token = check_qr_page(b, stack, c[1])
    row = stack.sql("SELECT perm_commune, from_commune, to_commune, phone FROM declarations"
                    " WHERE declaration_id=%s", declaration_of(token))
    assert row == [("14755", "14755", "00004", "0911222333")]


def test_without_javascript_the_units_page_searches_too(stack, browser_nojs):
    b = browser_nojs
    b.get(stack.url + "/declare/units")
    b.find_element(By.ID, "q").send_keys("truc bach")
    b.find_element(By.CSS_SELECTOR, "form[role=search] button").click()
    items = WebDriverWait(b, 10).until(EC.presence_of_element_located((By.ID, "units")))
    assert "Phường Trúc Bạch, Quận Ba Đình, Hà Nội" in items.text
