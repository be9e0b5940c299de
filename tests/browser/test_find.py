"""Finding one's code again (/declare/find) in a phone-sized browser: the
code, the passages recorded with it, and declaring again with every field
filled but the travel date; an expired code's page points there."""
import base64

from selenium.webdriver.common.by import By
from selenium.webdriver.support import expected_conditions as EC
from selenium.webdriver.support.ui import WebDriverWait

from integration.helpers import body, citizen, post_declare, sign

from .conftest import KIOSK_PLACE
from .helpers import check_qr_page, code_of, fits_the_screen, phone, set_value


def test_declare_again_from_find_with_everything_filled(stack, browser, kiosk):
    c = citizen(stack, 610)
    sent = body(c, phone="0987000610", temp_commune="00001", temp_address="Số 3 Phúc Xá",
                cough="1", vehicle="car", plate="30A-610.10", vaccine_doses="3")
    j = post_declare(stack, sent).json()
    assert kiosk.post(stack.url + "/verify",
                        data={"code": j["token"], "direction": "in"}).status_code == 201
    # The expired code's page points to declaring again.
    past = sign(stack, j["declaration_id"], 1600000000)
    phone(browser)
    browser.get(stack.url + f"/qr/{past}")
    browser.find_element(By.ID, "again").click()
    WebDriverWait(browser, 10).until(EC.url_contains("/declare/find"))
    browser.find_element(By.ID, "find-id_number").send_keys(c[0])
    set_value(browser, "find-dob", c[2])
    browser.find_element(By.ID, "find-phone").send_keys("0987 000 610")
    browser.find_element(By.ID, "find-submit").click()
    # The person's page: the code, the passage with its place.
    history = WebDriverWait(browser, 15).until(
        EC.presence_of_element_located((By.ID, "history")))
    assert KIOSK_PLACE in history.text and "Vào" in history.text
    assert browser.find_element(By.ID, "open-qr").get_attribute("href").endswith(j["token"])
    assert fits_the_screen(browser)
    assert c[0] not in browser.current_url and "0987" not in browser.current_url
    browser.find_element(By.ID, "declare-again").click()
    WebDriverWait(browser, 15).until(EC.presence_of_element_located((By.ID, "prefilled")))
    value = lambda name: browser.find_element(By.NAME, name).get_attribute("value")  # noqa
    for name in ("id_number", "full_name", "dob", "phone", "perm_address",
                 "temp_address", "to_address", "plate"):
        assert value(name) == sent[name], name
    assert value("travel_date") == ""
    assert code_of(browser, "perm_commune") == c[4]
    assert code_of(browser, "temp_commune") == "00001"
    assert browser.find_element(By.ID, "temp_commune_q").get_attribute("value") == \
        "Phường Phúc Xá, Quận Ba Đình, Hà Nội"
    assert browser.find_element(By.ID, "from_same").is_selected()
    assert browser.find_element(By.CSS_SELECTOR, 'input[name="cough"]').is_selected()
    assert browser.find_element(By.CSS_SELECTOR,
                                'input[name="vaccine_doses"][value="3"]').is_selected()
    assert c[0] not in browser.current_url
    # Only the travel date to choose, and it is a new declaration.
    set_value(browser, "travel_date", sent["travel_date"])
    browser.find_element(By.CSS_SELECTOR, "#declare-form button.primary").click()
    token = check_qr_page(browser, stack, c[1])
    new_id = int.from_bytes(base64.urlsafe_b64decode(token + "==")[2:8], "big")
    assert new_id != j["declaration_id"]
    row = stack.sql("SELECT phone, temp_commune, plate, cough, vaccine_doses FROM declarations"
                    " WHERE declaration_id=%s", new_id)
    assert row == [("0987000610", "00001", "30A-610.10", "1", "3")]
