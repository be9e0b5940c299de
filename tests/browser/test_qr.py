"""The QR page (/qr/<token>) as a citizen's phone shows it: the code drawn
from its PNG, the holder's name, the downloads, the code as text behind
a summary; and a tampered code's page."""
from selenium.webdriver.common.by import By

from integration.helpers import citizen, declare, flip

from .helpers import check_qr_page, fits_the_screen, phone


def test_the_qr_page_fits_a_phone_and_offers_the_images(stack, browser):
    c = citizen(stack, 45)
    j = declare(stack, 45)
    phone(browser, 360)
    browser.get(stack.url + f"/qr/{j['token']}")
    assert check_qr_page(browser, stack, c[1]) == j["token"]
    assert fits_the_screen(browser)
    assert browser.find_element(By.CSS_SELECTOR, "img.qr").size["width"] <= 360
    downloads = [a.get_attribute("href")
                 for a in browser.find_elements(By.CSS_SELECTOR, "a[download]")]
    assert downloads == [stack.url + f"/qr/{j['token']}.png", stack.url + f"/qr/{j['token']}.svg"]
    code = browser.find_element(By.CSS_SELECTOR, "code.token")
    assert not code.is_displayed()
    browser.find_element(By.CSS_SELECTOR, "details summary").click()
    assert code.text == j["token"]
    assert c[0] not in browser.page_source            # the ID number is masked


def test_a_tampered_code_has_no_image(stack, browser):
    j = declare(stack, 46)
    browser.get(stack.url + f"/qr/{flip(j['token'], 60)}")
    assert browser.find_element(By.TAG_NAME, "h1").text == "Mã QR không hợp lệ"
    assert not browser.find_elements(By.CSS_SELECTOR, "img.qr")
    assert browser.find_element(By.LINK_TEXT, "Khai báo mới").get_attribute("href") \
        == stack.url + "/declare"
