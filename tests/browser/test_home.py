"""The home page as a phone shows it."""
from selenium.webdriver.common.by import By


def test_home_page_renders_vietnamese_text(stack, browser):
    browser.get(stack.url + "/")
    heading = browser.find_element(By.TAG_NAME, "h1")
    assert heading.text == "Khai báo di chuyển và y tế"
    assert browser.title.startswith("Kiểm dịch")
    link = browser.find_element(By.LINK_TEXT, "Khai báo ngay")
    assert link.get_attribute("href").endswith("/declare")
    # Mobile first: no horizontal scrolling on a phone-sized window
    # (headless chromium may widen a very narrow window to its minimum).
    scroll, inner = browser.execute_script(
        "return [document.documentElement.scrollWidth, window.innerWidth]")
    assert scroll <= inner
