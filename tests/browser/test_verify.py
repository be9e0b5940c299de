"""The kiosk (/verify) in headless chromium with a fake camera that films
a real QR code (the PNG of a fresh declaration's token from
/qr/<token>.png): the page scans it, shows the citizen and confirms the
passage; a code typed like a USB scanner does is read too."""
import shutil
import subprocess
import tempfile
from pathlib import Path

import pytest
import requests
from selenium.webdriver.common.by import By
from selenium.webdriver.support import expected_conditions as EC
from selenium.webdriver.support.ui import WebDriverWait

from integration import accounts
from integration.helpers import JSON

from .helpers import log_in, make_driver, quit_driver


def declare(stack):
    c = stack.sql("SELECT id_number, full_name, DATE_FORMAT(dob, '%Y-%m-%d'), gender,"
                  " perm_commune FROM citizens ORDER BY id_number DESC LIMIT 1")[0]
    r = requests.post(stack.url + "/declare", headers=JSON, data=dict(
        id_number=c[0], full_name=c[1], dob=c[2], gender=c[3], phone="0987654321",
        perm_commune=c[4], perm_address="5 Trần Phú", from_commune=c[4],
        from_address="5 Trần Phú", to_commune="00001", to_address="1 Phố Huế",
        vaccine_doses="1"))
    assert r.status_code == 201, r.text
    return c, r.json()


def qr_video(stack, token, folder):
    png = requests.get(stack.url + f"/qr/{token}.png")
    assert png.status_code == 200 and png.headers["Content-Type"] == "image/png"
    src = folder / "qr.png"
    src.write_bytes(png.content)
    out = folder / "qr.y4m"
    subprocess.run(
        ["ffmpeg", "-loglevel", "error", "-y", "-loop", "1", "-i", str(src), "-vf",
         "scale=640:480:force_original_aspect_ratio=decrease,"
         "pad=640:480:(ow-iw)/2:(oh-ih)/2:white,format=yuv420p",
         "-t", "3", "-r", "10", str(out)], check=True)
    return out


@pytest.fixture(scope="module")
def scan(stack):
    """A declaration, an officer at a checkpoint, and chromium whose camera
    films the declaration's QR code."""
    folder = Path(tempfile.mkdtemp(prefix="kd-kiosk."))
    person, decl = declare(stack)
    video = qr_video(stack, decl["token"], folder)
    place = accounts.make_place(stack, "checkpoint", name="Chốt cửa ngõ phía Bắc")
    uid = "kiosk-officer"
    password = accounts.make_account(stack, uid, "officer", place_id=place)
    driver = make_driver(["--use-fake-ui-for-media-stream", "--use-fake-device-for-media-stream",
                          f"--use-file-for-fake-video-capture={video}"])
    yield dict(driver=driver, person=person, decl=decl, place=place, uid=uid,
               password=password)
    quit_driver(driver)
    shutil.rmtree(folder, ignore_errors=True)


def test_kiosk_scans_the_camera_shows_the_citizen_and_confirms(stack, scan):
    d, wait = scan["driver"], WebDriverWait(scan["driver"], 20)
    # Log in through the form: an officer lands on the kiosk.
    log_in(d, stack, scan["uid"], scan["password"], lands_on="/verify")
    assert "Chốt cửa ngõ phía Bắc" in d.page_source
    # The camera: the fake device films the QR code.
    wait.until(EC.element_to_be_clickable((By.ID, "cam-start"))).click()
    name = wait.until(EC.visibility_of_element_located((By.CSS_SELECTOR, '[data-f="full_name"]')))
    wait.until(lambda drv: name.text.strip() != "")
    assert name.text.strip().lower() == scan["person"][1].lower()
    result = d.find_element(By.ID, "result")
    assert "valid" in result.get_attribute("class").split()
    assert d.find_element(By.CSS_SELECTOR, '[data-f="verdict"]').text == "HỢP LỆ"
    assert d.find_element(By.CSS_SELECTOR, '[data-f="id_number"]').text == scan["person"][0]
    # Confirm "Vào": a passage row, and the kiosk is ready for the next person.
    d.find_element(By.CSS_SELECTOR, "button.big.in").click()
    flash = wait.until(EC.visibility_of_element_located((By.ID, "flash")))
    assert "Đã ghi nhận" in flash.text and "VÀO" in flash.text
    assert not result.is_displayed()
    rows = stack.sql("SELECT direction, officer, place_id FROM passages WHERE declaration_id=%s",
                     scan["decl"]["declaration_id"])
    assert rows == [("in", scan["uid"], str(scan["place"]))]
    assert flash.get_attribute("data-passage") == stack.sql(
        "SELECT passage_id FROM passages WHERE declaration_id=%s",
        scan["decl"]["declaration_id"])[0][0]
    assert d.switch_to.active_element.get_attribute("id") == "code"


def test_kiosk_accepts_a_typed_code_like_a_usb_scanner(stack, scan):
    d, wait = scan["driver"], WebDriverWait(scan["driver"], 20)
    d.get(stack.url + "/verify")
    # Stop the camera (remembered as on) so that only the typed code counts.
    stop = d.find_elements(By.ID, "cam-stop")
    if stop and stop[0].is_displayed():
        stop[0].click()
    bad = scan["decl"]["token"][:-3] + ("AAA" if not scan["decl"]["token"].endswith("AAA") else "BBB")
    box = d.find_element(By.ID, "code")
    box.send_keys(bad + "\n")
    verdict = wait.until(EC.visibility_of_element_located((By.CSS_SELECTOR, '[data-f="verdict"]')))
    wait.until(lambda drv: verdict.text == "KHÔNG HỢP LỆ")
    reason = d.find_element(By.CSS_SELECTOR, '[data-f="reason_text"]')
    assert reason.get_attribute("data-reason") == "bad_signature"
    assert not d.find_element(By.ID, "confirm-form").is_displayed()
    # The real code typed next replaces the red result at once.
    d.find_element(By.ID, "code").send_keys(scan["decl"]["token"] + "\n")
    wait.until(lambda drv: drv.find_element(By.CSS_SELECTOR, '[data-f="verdict"]').text == "HỢP LỆ")
    assert d.find_element(By.ID, "confirm-form").is_displayed()
