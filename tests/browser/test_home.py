"""The home page as a phone shows it."""
from selenium.webdriver.common.by import By


def test_home_page_renders_vietnamese_text(stack, browser):
    browser.get(stack.url + "/")
    heading = browser.find_element(By.TAG_NAME, "h1")
    assert heading.text == "Khai báo di chuyển và y tế"
    assert browser.title.startswith("Kiểm dịch")
    link = browser.find_element(By.LINK_TEXT, "Khai báo ngay")
    assert link.get_attribute("href").endswith("/declare")
    # Mobile first: nothing wider than a 412 px phone screen.
    width = browser.execute_script("return document.documentElement.scrollWidth")
    assert width <= 412


def test_login_page_form_logs_in_admin(stack, browser):
    browser.get(stack.url + "/login")
    browser.find_element(By.ID, "uid").send_keys("admin")
    browser.find_element(By.ID, "password").send_keys(stack.admin_password)
    browser.find_element(By.CSS_SELECTOR, "button.primary").click()
    # After login an administrator lands on /admin-accounts; whatever that
    # page shows now, the header names the logged-in account.
    assert "/admin-accounts" in browser.current_url
    cookies = {c["name"]: c for c in browser.get_cookies()}
    assert cookies["sid"]["httpOnly"] is True
