"""The QR page (/qr/<token>) as a citizen's phone shows it: the code drawn
from its PNG, the holder's name, the downloads (the image to keep with
its label), the print button, the code as text behind a summary; a
tampered code's page; and the citizen's pages opening without network
once seen (the service worker)."""
import pytest
import requests
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import WebDriverWait

from integration.helpers import citizen, declare, flip, zbar

from .helpers import (NetworkSwitch, mask_name, check_qr_page, fits_the_screen, image_loaded,
                      make_driver, phone, quit_driver)


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
    assert downloads == [stack.url + f"/qr/{j['token']}.label.png",
                         stack.url + f"/qr/{j['token']}.svg"]
    # The image to keep: the code with the masked name and the expiry under
    # it; zbarimg reads the token in it.
    saved = requests.get(downloads[0])
    assert saved.status_code == 200 and zbar(saved.content) == j["token"]
    # The print button (js/qr.js), and no word a citizen does not know.
    assert browser.find_element(By.CSS_SELECTOR, "button.print").is_displayed()
    assert "SVG" not in browser.find_element(By.TAG_NAME, "main").text
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


@pytest.fixture(scope="module")
def cut_off():
    """A browser whose network the test can cut (helpers.NetworkSwitch)."""
    net = NetworkSwitch()
    driver = make_driver(extra_flags=net.proxy_flags())
    yield driver, net
    quit_driver(driver)
    net.close()


def kept(driver):
    """Waits until the page's service worker is active and the page is in
    the citizen's cache."""
    driver.set_script_timeout(20)
    assert driver.execute_async_script(
        "var done = arguments[0]; navigator.serviceWorker.ready.then(function (r) {"
        " done(r.scope); });").startswith(driver.current_url.split("/")[0])
    WebDriverWait(driver, 15).until(lambda d: d.execute_async_script(
        "var done = arguments[0]; caches.match(location.pathname)"
        ".then(function (r) { done(!!r); });"))


def test_the_citizens_pages_open_without_network_once_seen(stack, cut_off):
    driver, net = cut_off
    c = citizen(stack, 640)
    j = declare(stack, 640)
    family = requests.post(stack.url + "/declare/household", headers={"Accept": "application/json"},
                           data=dict(phone="0912640640", perm_commune="00001",
                                     perm_address="Số 6", from_same="1", to_commune="00004",
                                     to_address="Số 4", m1_id_number=c[0], m1_full_name=c[1],
                                     m1_dob=c[2], m1_gender=c[3], m1_vaccine_doses="0"))
    assert family.status_code == 201, family.text
    pages = [f"/qr/{j['token']}", family.json()["page"]]
    for path in pages:
        driver.get(stack.url + path)
        kept(driver)
    net.cut()
    try:
        # The code's page with its image, and the family's page, from the
        # cache: no request reached the server.
        asked = len(net.forwarded)
        driver.get(stack.url + pages[0])
        assert driver.find_element(By.CSS_SELECTOR, ".holder").text == mask_name(c[1])
        image_loaded(driver, driver.find_element(By.CSS_SELECTOR, "img.qr"))
        driver.get(stack.url + pages[1])
        # The family's sheet, once the page from the cache is drawn (read
        # at once it was sometimes the moment before: no holder yet).
        WebDriverWait(driver, 10).until(
            lambda d: d.find_elements(By.CSS_SELECTOR, "#sheet .holder"))
        assert len(driver.find_elements(By.CSS_SELECTOR, "#sheet .holder")) == 1
        assert len(net.forwarded) == asked
        # A page never seen does not open: the cut is real.
        driver.get(stack.url + "/declare/find")
        assert not driver.find_elements(By.ID, "find-id_number")
    finally:
        net.restore()
