"""Issue 21's pages on a 360 px phone: the public zone levels, an
administrator setting one, the commune police's arrivals and travel
permits, and the kiosk showing the lockdown verdict and checking a
green-lane vehicle at its depot (kiosk.js)."""
import secrets
import sys
from datetime import timedelta
from pathlib import Path

import pytest
import requests
from selenium.webdriver.common.by import By
from selenium.webdriver.support import expected_conditions as EC
from selenium.webdriver.support.ui import Select, WebDriverWait

from integration import accounts

from .helpers import fits_the_screen, left_page, log_in, phone

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "integration"))
from zones_scene import Scene, iso, now_vn  # noqa: E402

JSON = {"Accept": "application/json"}


@pytest.fixture(scope="module")
def scene(stack):
    s = Scene(stack)
    yield s
    s.lift()


def wait(driver, seconds=20):
    return WebDriverWait(driver, seconds)


def fresh(driver):
    """Logged out, at a phone's width."""
    driver.delete_all_cookies()
    phone(driver, 360)


def test_public_levels_by_province_district_and_commune(stack, browser, scene):
    fresh(browser)
    browser.get(stack.url + "/zones")
    picture = wait(browser).until(EC.presence_of_element_located((By.ID, "picture")))
    assert "Cấp 4 – nguy cơ rất cao (vùng đỏ)" in picture.text
    assert fits_the_screen(browser)
    province = stack.sql("SELECT province_code FROM admin_units WHERE code=%s", scene.L)[0][0]
    browser.find_element(By.CSS_SELECTOR, f'#children li[data-unit="{province}"] a').click()
    wait(browser).until(EC.presence_of_element_located(
        (By.CSS_SELECTOR, f'#children li[data-unit="{scene.district}"]'))).find_element(
        By.TAG_NAME, "a").click()
    row = wait(browser).until(EC.presence_of_element_located(
        (By.CSS_SELECTOR, f'#children li[data-unit="{scene.L2}"]')))
    assert "vùng cam" in row.text                          # the district's level 3
    assert fits_the_screen(browser)
    browser.find_element(By.CSS_SELECTOR, f'#children li[data-unit="{scene.L}"] a').click()
    level = wait(browser).until(EC.presence_of_element_located((By.ID, "level")))
    assert level.get_attribute("data-level") == "4" and "vùng đỏ" in level.text
    assert browser.find_elements(By.ID, "zone-form") == []   # nobody logged in
    assert fits_the_screen(browser)


def test_an_administrator_sets_a_level(stack, browser, scene):
    fresh(browser)
    admin = scene.world.police(scene.district, role="admin")
    log_in(browser, stack, admin.uid, admin.password, lands_on="/admin-accounts")
    browser.get(stack.url + f"/zones?unit={scene.L2}")
    form = wait(browser).until(EC.presence_of_element_located((By.ID, "zone-form")))
    Select(form.find_element(By.ID, "level-select")).select_by_value("2")
    form.find_element(By.ID, "note").send_keys("Quyết định thử nghiệm")
    form.find_element(By.CSS_SELECTOR, "button.primary").click()
    flash = wait(browser).until(EC.presence_of_element_located((By.ID, "flash")))
    assert "Đã ghi nhận cấp độ dịch mới" in flash.text
    scene.set_units.add(scene.L2)
    assert browser.find_element(By.ID, "level").get_attribute("data-level") == "2"
    assert "Quyết định thử nghiệm" in browser.find_element(By.ID, "history").text
    assert fits_the_screen(browser)


def test_police_read_arrivals_issue_and_revoke_a_permit(stack, browser, scene):
    fresh(browser)
    visitor = scene.person(scene.F, "Đoàn Văn Đường")
    scene.declare(visitor, from_commune=scene.L2)
    police = scene.police
    log_in(browser, stack, police.uid, police.password, lands_on="/f-status")
    browser.find_element(By.LINK_TEXT, "Người đến, đi").click()
    arrivals = wait(browser).until(EC.presence_of_element_located((By.ID, "arrivals")))
    assert "Đoàn Văn Đường" in arrivals.text
    assert fits_the_screen(browser)

    browser.find_element(By.LINK_TEXT, "Giấy đi đường").click()
    form = wait(browser).until(EC.presence_of_element_located((By.ID, "permit-form")))
    form.find_element(By.ID, "id_number").send_keys(visitor["id"])
    Select(form.find_element(By.ID, "kind")).select_by_value("essential")
    browser.execute_script("arguments[0].value = arguments[1]",
                           form.find_element(By.ID, "valid_to"),
                           iso(now_vn() + timedelta(days=3))[:16])
    form.find_element(By.CSS_SELECTOR, "button.primary").click()
    left_page(browser, form)                           # the answer's page
    flash = wait(browser).until(EC.presence_of_element_located((By.ID, "flash")))
    assert "Đã cấp giấy đi đường" in flash.text
    assert visitor["id"] not in browser.current_url           # a POST
    item = browser.find_element(By.CSS_SELECTOR, "#permits li")
    assert "Lao động thiết yếu" in item.text and "Còn hiệu lực" in item.text
    item.find_element(By.NAME, "reason").send_keys("Đã xong việc")
    item.find_element(By.CSS_SELECTOR, "button.danger").click()
    left_page(browser, item)                           # not the issue's flash
    flash = wait(browser).until(EC.presence_of_element_located((By.ID, "flash")))
    assert "Đã thu hồi" in flash.text
    assert fits_the_screen(browser)
    assert stack.sql("SELECT revoke_reason FROM permits WHERE id_number=%s",
                     visitor["id"]) == [("Đã xong việc",)]


def test_the_kiosk_says_lockdown_and_checks_a_vehicle_at_its_depot(stack, browser, scene):
    fresh(browser)
    s = scene
    log_in(browser, stack, s.officer.uid, s.officer.password, lands_on="/verify")
    visitor = s.person(s.F, "Giang Văn Chặn")
    code = s.declare(visitor)["token"]
    box = browser.find_element(By.ID, "code")
    box.send_keys(code + "\n")
    wait(browser).until(lambda d: "stop" in d.find_element(By.ID, "result").get_attribute("class"))
    reasons = browser.find_element(By.CSS_SELECTOR, '[data-f="reasons"]').text
    assert "VÙNG PHONG TỎA – KHÔNG CÓ GIẤY ĐI ĐƯỜNG" in reasons
    here = browser.find_element(By.CSS_SELECTOR, '[data-f="zone_here"]')
    assert here.get_attribute("data-level") == "red"
    assert fits_the_screen(browser)

    # A depot and its officer; a driver's pass.
    depot = accounts.make_place(stack, "depot", name="Kho hàng Thủ Đức thử", commune=s.F)
    keeper = accounts.officer_session(stack, "kho" + secrets.token_hex(3), depot)
    driver = s.person(s.F, "Lâm Văn Xe")
    r = requests.post(stack.url + "/declare/vehicle", headers=JSON, data=dict(
        id_number=driver["id"], full_name=driver["name"], dob=driver["dob"], gender="M",
        phone=driver["phone"], perm_commune=driver["commune"], perm_address="Số 1",
        from_commune=s.F, from_address="Kho", to_commune=s.F, to_address="Chợ",
        vaccine_doses="2", plate="50H-678.90", vehicle_kind="truck", cargo="Gạo"))
    assert r.status_code == 201, r.text
    fresh(browser)
    log_in(browser, stack, keeper.uid, keeper.password, lands_on="/verify")
    browser.find_element(By.ID, "code").send_keys(r.json()["token"] + "\n")
    plate = wait(browser).until(EC.visibility_of_element_located(
        (By.CSS_SELECTOR, '[data-f="vehicle_plate"]')))
    assert plate.text == "50H-678.90"
    depot_line = browser.find_element(By.CSS_SELECTOR, '[data-f="vehicle_depot"]')
    assert "CHƯA KIỂM TRA" in depot_line.text
    button = browser.find_element(By.CSS_SELECTOR, "button.depot-check")
    assert button.is_displayed()
    button.click()
    wait(browser).until(lambda d: "Đã kiểm tra xe trước khi xuất bến" in
                        d.find_element(By.ID, "flash").text)
    assert "Kho hàng Thủ Đức thử" in \
        browser.find_element(By.CSS_SELECTOR, '[data-f="vehicle_depot"]').text
    assert not browser.find_element(By.CSS_SELECTOR, '[data-box="depot"]').is_displayed()
    assert fits_the_screen(browser)


def test_the_vehicle_form_on_a_phone(stack, browser):
    fresh(browser)
    browser.get(stack.url + "/declare/vehicle")
    wait(browser).until(EC.presence_of_element_located((By.ID, "vehicle-form")))
    for field in ("plate", "vehicle_kind", "cargo", "co_driver_id_number", "to_commune_q"):
        assert browser.find_element(By.ID, field).is_displayed()
    assert fits_the_screen(browser)
