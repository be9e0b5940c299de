"""The login page in a phone-sized browser: the form logs an account in,
sets the session cookie HttpOnly, and leads each account to its page: its
own, or the one that sent it to the login."""
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import WebDriverWait

from integration import accounts
from integration.helpers import uid

from .helpers import fits_the_screen, log_in, phone


def test_login_page_form_logs_in_admin(stack, browser):
    browser.get(stack.url + "/login")
    browser.find_element(By.ID, "uid").send_keys("admin")
    browser.find_element(By.ID, "password").send_keys(stack.admin_password)
    browser.find_element(By.CSS_SELECTOR, "button.primary").click()
    # After login an administrator lands on /admin-accounts.
    WebDriverWait(browser, 10).until(lambda d: "/admin-accounts" in d.current_url)
    cookies = {c["name"]: c for c in browser.get_cookies()}
    assert cookies["sid"]["httpOnly"] is True


def test_an_officer_sent_to_the_login_comes_back_with_the_header(stack, browser):
    """A fresh browser at /paper-entry: the login form, then the page it
    asked for, with the header naming the officer, the checkpoint and the
    logout button; logging out ends on the home page."""
    browser.delete_all_cookies()
    place = accounts.make_place(stack, "checkpoint", name="Chốt cầu Hàm Rồng")
    name = uid("bro")
    password = accounts.make_account(stack, name, "officer", place_id=place)
    phone(browser)
    browser.get(stack.url + "/paper-entry")
    assert "/login?next=/paper-entry" in browser.current_url
    log_in(browser, stack, name, password, lands_on="/paper-entry")
    header = browser.find_element(By.CSS_SELECTOR, "header.top")
    assert browser.find_element(By.CSS_SELECTOR, ".who-name").text == name
    assert browser.find_element(By.CSS_SELECTOR, ".who-role").text == "Cán bộ chốt kiểm soát"
    assert browser.find_element(By.CSS_SELECTOR, ".who-place").text == "Chốt cầu Hàm Rồng"
    assert browser.find_element(By.CSS_SELECTOR, ".who-unit").text
    assert fits_the_screen(browser)
    header.find_element(By.CSS_SELECTOR, "form.logout button").click()
    WebDriverWait(browser, 10).until(lambda d: d.current_url == stack.url + "/")
    browser.get(stack.url + "/verify")
    assert "/login?next=/verify" in browser.current_url
