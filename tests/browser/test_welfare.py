"""/welfare in a phone-sized browser: the commune police register a
citizen and pay them through the forms, the public page shows the payment
masked, and a district administrator reverses it through the page."""
import sys
from pathlib import Path

from selenium.webdriver.common.by import By
from selenium.webdriver.support import expected_conditions as EC
from selenium.webdriver.support.ui import Select, WebDriverWait

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "integration"))
import welfare_api as wf  # noqa: E402


def phone(browser):
    browser.execute_cdp_cmd("Emulation.setDeviceMetricsOverride", {
        "width": 412, "height": 915, "deviceScaleFactor": 1, "mobile": True})


def log_in(stack, browser, uid, password):
    browser.delete_all_cookies()
    browser.get(stack.url + "/login")
    browser.find_element(By.ID, "uid").send_keys(uid)
    browser.find_element(By.ID, "password").send_keys(password)
    browser.find_element(By.CSS_SELECTOR, "button.primary").click()
    WebDriverWait(browser, 10).until(EC.url_changes(stack.url + "/login"))


def fill(browser, element_id, value):
    """Sets an input's value as typed (a date input's through script: its
    typing order follows the browser's locale)."""
    field = browser.find_element(By.ID, element_id)
    if field.get_attribute("type") == "date":
        browser.execute_script("arguments[0].value = arguments[1]", field, value)
    else:
        field.clear()
        field.send_keys(value)


def notice(browser, clicked=None):
    """The new page's notice; clicked: the button that left the old page
    (whose notice would otherwise be read as it goes away)."""
    if clicked is not None:
        WebDriverWait(browser, 10).until(EC.staleness_of(clicked))
    return WebDriverWait(browser, 10).until(
        EC.presence_of_element_located((By.ID, "notice"))).text


def test_police_register_and_pay_then_public_and_reversal(stack, browser):
    phone(browser)
    (commune,) = wf.communes(stack, "003", 1)
    program = wf.make_program(wf.admin(stack), amount=2000000,
                              name="Hỗ trợ lao động tự do (trình duyệt)")
    police = wf.police(stack, commune, uid="ca-web-" + commune)
    person = wf.citizen(stack, commune, full_name="Hoàng Thị Xuân Mai", gender="F",
                        dob="1979-09-02")

    log_in(stack, browser, police.uid, police.password)
    browser.get(stack.url + "/welfare/beneficiaries")
    assert browser.find_element(By.TAG_NAME, "h1").text.startswith("Người được hỗ trợ")
    Select(browser.find_element(By.ID, "register-program")).select_by_value(str(program))
    fill(browser, "register-id_number", person["id_number"])
    fill(browser, "register-full_name", "Hoàng Thị Xuân Mai")
    fill(browser, "register-dob", person["dob"])
    Select(browser.find_element(By.ID, "register-gender")).select_by_value("F")
    Select(browser.find_element(By.ID, "register-category")).select_by_value("free_worker")
    button = browser.find_element(By.CSS_SELECTOR, "#form-register button.primary")
    button.click()
    assert "Đã đăng ký" in notice(browser, button)
    assert person["id_number"] in browser.find_element(By.ID, "items").text

    browser.find_element(By.CSS_SELECTOR, "#form-pay summary").click()
    Select(browser.find_element(By.ID, "pay-program")).select_by_value(str(program))
    fill(browser, "pay-id_number", person["id_number"])
    fill(browser, "pay-amount", "2000000")
    button = browser.find_element(By.CSS_SELECTOR, "#form-pay button.primary")
    button.click()
    assert "Đã ghi nhận chi trả 2.000.000 đồng" in notice(browser, button)
    assert browser.execute_script("return document.documentElement.scrollWidth") <= 412
    # Paying again is refused, naming where and when (the pay form stays open).
    assert browser.find_element(By.ID, "form-pay").get_attribute("open") is not None
    Select(browser.find_element(By.ID, "pay-program")).select_by_value(str(program))
    fill(browser, "pay-id_number", person["id_number"])
    fill(browser, "pay-amount", "2000000")
    browser.find_element(By.CSS_SELECTOR, "#form-pay button.primary").click()
    said = WebDriverWait(browser, 10).until(
        EC.presence_of_element_located((By.ID, "err-pay-id_number"))).text
    assert wf.unit_name(stack, commune) in said and wf.TODAY.strftime("%d/%m/%Y") in said

    # The public page: masked, without logging in.
    browser.delete_all_cookies()
    browser.get(f"{stack.url}/welfare?commune={commune}")
    table = browser.find_element(By.ID, "items").text
    assert "Hoàng T. X. M." in table
    assert "Hoàng Thị Xuân Mai" not in browser.page_source
    assert person["id_number"] not in browser.page_source
    assert person["id_number"][:3] + "*******" + person["id_number"][-2:] in table
    assert browser.execute_script("return document.documentElement.scrollWidth") <= 412

    # A district administrator reverses it from the payments page.
    district = stack.sql("SELECT district_code FROM admin_units WHERE code=%s", commune)[0][0]
    admin = wf.admin(stack, district, uid="qt-web-" + district)
    payment_id = stack.sql("SELECT payment_id FROM welfare_payments WHERE id_number=%s",
                           person["id_number"])[0][0]
    log_in(stack, browser, admin.uid, admin.password)
    browser.get(stack.url + "/welfare/payments")
    assert person["id_number"] in browser.find_element(By.ID, "items").text
    fill(browser, "reverse-payment_id", payment_id)
    fill(browser, "reverse-reason", "Chi trùng với danh sách của huyện")
    browser.find_element(By.CSS_SELECTOR, "#form-reverse button.primary").click()
    assert "Đã thu hồi" in notice(browser)
    assert stack.sql("SELECT reverse_reason, live FROM welfare_payments WHERE payment_id=%s",
                     payment_id) == [("Chi trùng với danh sách của huyện", None)]
