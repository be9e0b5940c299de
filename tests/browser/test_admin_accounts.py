"""/admin-accounts in a phone-sized browser: the national administrator
logs in through the login form, creates an account with the create form,
sees its one-time password once, and the account is in the directory."""
import os
import subprocess
import time

from selenium.webdriver.common.by import By
from selenium.webdriver.support import expected_conditions as EC
from selenium.webdriver.support.ui import Select, WebDriverWait

from .helpers import phone, search_pick

SUFFIX = "dc=kiemdich,dc=vn"


def ldap_dn_of(stack, uid):
    out = subprocess.run(
        ["ldapsearch", "-x", "-LLL", "-o", "ldif-wrap=no", "-H", stack.conf["ldap_uri"],
         "-D", "cn=root," + SUFFIX, "-w", stack.ldap_root_password,
         "-b", "ou=units," + SUFFIX, f"(uid={uid})", "kdRole", "pwdReset"],
        capture_output=True, text=True, env=dict(os.environ, LDAPNOINIT="1"), check=True).stdout
    return out


def test_admin_creates_an_account_through_the_page(stack, browser):
    phone(browser)
    browser.get(stack.url + "/login")
    browser.find_element(By.ID, "uid").send_keys("admin")
    browser.find_element(By.ID, "password").send_keys(stack.admin_password)
    browser.find_element(By.CSS_SELECTOR, "button.primary").click()
    # click() does not wait for the next page: wait for it.
    WebDriverWait(browser, 10).until(EC.url_contains("/admin-accounts"))
    assert browser.current_url.endswith("/admin-accounts")
    assert browser.find_element(By.TAG_NAME, "h1").text == "Quản lý tài khoản"
    assert browser.find_element(By.ID, "admin-unit").text == "Toàn quốc"

    form = browser.find_element(By.ID, "form-create")
    assert form.get_attribute("open") is not None
    browser.find_element(By.ID, "create-uid").send_keys("t4web-tinh40")
    browser.find_element(By.ID, "create-full_name").send_keys("Hồ Thị Nghệ")
    Select(browser.find_element(By.ID, "create-role")).select_by_value("admin")
    browser.find_element(By.ID, "create-unit").send_keys("40")
    form.find_element(By.CSS_SELECTOR, "button.primary").click()

    shown = WebDriverWait(browser, 10).until(
        EC.presence_of_element_located((By.ID, "one-time-password")))
    password = shown.text
    assert len(password) == 16 and password.isalnum()
    assert browser.find_element(By.ID, "result-uid").text == "t4web-tinh40"
    assert "chỉ hiện một lần" in browser.find_element(By.ID, "result").text
    # The list now shows it, and the password is not in the URL.
    assert "t4web-tinh40" in browser.find_element(By.ID, "accounts").text
    assert password not in browser.current_url
    # Phone-sized: nothing wider than the screen (tables scroll inside).
    width = browser.execute_script("return document.documentElement.scrollWidth")
    assert width <= 412

    out = ldap_dn_of(stack, "t4web-tinh40")
    assert "dn: uid=t4web-tinh40,ou=40,ou=units,dc=kiemdich,dc=vn" in out
    assert "kdRole: admin" in out and "pwdReset: TRUE" in out
    # Reloading the list does not show the password again.
    browser.get(stack.url + "/admin-accounts")
    assert password not in browser.page_source


def test_csv_file_fills_the_textarea(stack, browser, tmp_path):
    browser.get(stack.url + "/admin-accounts")
    browser.find_element(By.CSS_SELECTOR, "#form-bulk_create summary").click()
    csv_file = tmp_path / "accounts.csv"
    csv_file.write_text("\ufeffuid,full_name,role,unit,place_id\n"
                        "t4web-ha1,Lê Thị Hà,police,40,\n", encoding="utf-8")
    browser.find_element(By.ID, "csv-file").send_keys(str(csv_file))
    area = browser.find_element(By.ID, "bulk-csv")
    for _ in range(50):                       # FileReader is asynchronous
        if area.get_attribute("value"):
            break
        time.sleep(0.1)
    assert area.get_attribute("value").startswith("uid,full_name,role,unit,place_id\n")
    browser.find_element(By.CSS_SELECTOR, "#form-bulk_create button.primary").click()
    table = WebDriverWait(browser, 20).until(
        EC.presence_of_element_located((By.ID, "bulk-created")))
    assert "t4web-ha1" in table.text
    assert "dn: uid=t4web-ha1,ou=40,ou=units" in ldap_dn_of(stack, "t4web-ha1")


def test_row_actions_ask_first(stack, browser):
    """Each account's row has its own buttons; the browser asks before
    acting (js/admin.js), and a "no" changes nothing."""
    phone(browser)
    browser.get(stack.url + "/admin-accounts?q=t4web-tinh40")
    row = browser.find_element(By.CSS_SELECTOR, 'tr[data-uid="t4web-tinh40"]')
    assert "Hồ Thị Nghệ" in row.text and "Tỉnh Nghệ An" in row.text
    # No: nothing happens.
    row.find_element(By.XPATH, ".//button[text()='Cấp lại mật khẩu']").click()
    alert = WebDriverWait(browser, 5).until(EC.alert_is_present())
    assert "Cấp lại mật khẩu cho tài khoản t4web-tinh40?" in alert.text
    alert.dismiss()
    assert not browser.find_elements(By.ID, "result")
    # Yes: done at once, and the row now offers to unlock.
    browser.find_element(By.CSS_SELECTOR, 'tr[data-uid="t4web-tinh40"]').find_element(
        By.XPATH, ".//button[text()='Khoá']").click()
    WebDriverWait(browser, 5).until(EC.alert_is_present()).accept()
    result = WebDriverWait(browser, 10).until(
        EC.presence_of_element_located((By.ID, "result")))
    assert "Đã khoá tài khoản." in result.text
    row = browser.find_element(By.CSS_SELECTOR, 'tr[data-uid="t4web-tinh40"]')
    assert "Đã khoá" in row.text and row.find_elements(By.XPATH, ".//button[text()='Mở khoá']")
    assert "pwdAccountLockedTime" in subprocess.run(
        ["ldapsearch", "-x", "-LLL", "-H", stack.conf["ldap_uri"], "-D", "cn=root," + SUFFIX,
         "-w", stack.ldap_root_password, "-b", "ou=units," + SUFFIX, "(uid=t4web-tinh40)",
         "pwdAccountLockedTime"], capture_output=True, text=True,
        env=dict(os.environ, LDAPNOINIT="1")).stdout
    # Usable at 360 px: the table's rows become cards.
    phone(browser, 360)
    assert browser.execute_script(
        "return document.documentElement.scrollWidth") <= 360


def test_a_unit_chosen_by_name(stack, browser):
    browser.get(stack.url + "/admin-accounts")
    form = browser.find_element(By.ID, "form-create")
    browser.find_element(By.ID, "create-uid").send_keys("t4web-byname")
    browser.find_element(By.ID, "create-full_name").send_keys("Đinh Văn Tên")
    Select(browser.find_element(By.ID, "create-role")).select_by_value("admin")
    search_pick(browser, "unit", "tp thanh hoa", "TP Thanh Hóa, Thanh Hóa", text_id="create-unit")
    form.find_element(By.CSS_SELECTOR, "button.primary").click()
    WebDriverWait(browser, 10).until(EC.presence_of_element_located((By.ID, "one-time-password")))
    assert "dn: uid=t4web-byname,ou=380,ou=38,ou=units" in ldap_dn_of(stack, "t4web-byname")
