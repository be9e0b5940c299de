"""What the browser tests share: headless Debian chromium driven by
selenium (a phone-sized window, a fresh profile), logging in through the
form, the commune pickers, the QR page.

    from .helpers import make_driver, log_in
"""
import re
import shutil
import socket
import subprocess
import tempfile
import threading

from selenium import webdriver
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By
from selenium.webdriver.support import expected_conditions as EC
from selenium.webdriver.support.ui import Select, WebDriverWait

CHROMIUM_FLAGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
    "--no-first-run", "--disable-background-networking", "--disable-component-update",
    "--disable-sync", "--log-level=3",
]


def make_driver(extra_flags=(), window="412,915"):
    """A chromium driver with a fresh profile; phone-sized window by default."""
    profile = tempfile.mkdtemp(prefix="kd-chromium.")
    options = webdriver.ChromeOptions()
    options.binary_location = "/usr/bin/chromium"
    for flag in CHROMIUM_FLAGS + [f"--window-size={window}", f"--user-data-dir={profile}"]:
        options.add_argument(flag)
    for flag in extra_flags:
        options.add_argument(flag)
    driver = webdriver.Chrome(service=Service("/usr/bin/chromedriver"), options=options)
    driver.set_page_load_timeout(30)
    driver.kd_profile = profile
    return driver


def quit_driver(driver):
    driver.quit()
    shutil.rmtree(driver.kd_profile, ignore_errors=True)


def phone(driver, width=412):
    """Headless chromium keeps a window at least 500 px wide: emulate the
    phone's layout viewport instead."""
    driver.execute_cdp_cmd("Emulation.setDeviceMetricsOverride", {
        "width": width, "height": 915, "deviceScaleFactor": 1, "mobile": True})


def fits_the_screen(driver):
    """Nothing sticks out sideways."""
    return driver.execute_script(
        "return document.documentElement.scrollWidth <= document.documentElement.clientWidth")


def log_in(driver, stack, uid, password, lands_on):
    """The login form filled and sent; waits for the page it lands on."""
    if "/login" not in driver.current_url:
        driver.get(stack.url + "/login")
    driver.find_element(By.ID, "uid").send_keys(uid)
    driver.find_element(By.ID, "password").send_keys(password)
    driver.find_element(By.CSS_SELECTOR, "button.primary").click()
    # click() does not wait for the next page: wait for it.
    WebDriverWait(driver, 10).until(EC.url_contains(lands_on))


def set_value(driver, element_id, value):
    """Date inputs take typed digits in the locale's order; set them directly."""
    driver.execute_script("document.getElementById(arguments[0]).value = arguments[1];",
                          element_id, value)


def pick(driver, field, province, district, commune=None):
    """A commune through the three selects js/declare.js makes of field."""
    wait = WebDriverWait(driver, 10)
    Select(driver.find_element(By.ID, field + "-p")).select_by_value(province)
    wait.until(lambda d: not d.find_element(By.ID, field + "-d").get_attribute("disabled"))
    Select(driver.find_element(By.ID, field + "-d")).select_by_value(district)
    if commune is not None:
        wait.until(lambda d: not d.find_element(By.ID, field + "-c").get_attribute("disabled"))
        Select(driver.find_element(By.ID, field + "-c")).select_by_value(commune)


def image_loaded(driver, img):
    """Waits until the browser has drawn img (its PNG really came)."""
    WebDriverWait(driver, 10).until(
        lambda d: d.execute_script("return arguments[0].complete && arguments[0].naturalWidth",
                                   img) > 0)


def check_qr_page(driver, stack, name):
    """The browser is on a QR page of name's declaration, image drawn;
    returns the token."""
    WebDriverWait(driver, 15).until(EC.url_matches(r"/qr/[A-Za-z0-9_-]{102}$"))
    token = re.search(r"/qr/([A-Za-z0-9_-]{102})$", driver.current_url).group(1)
    img = WebDriverWait(driver, 10).until(
        EC.presence_of_element_located((By.CSS_SELECTOR, "img.qr")))
    image_loaded(driver, img)
    assert img.get_attribute("src").endswith(f"/qr/{token}.png")
    assert name in driver.find_element(By.CSS_SELECTOR, ".holder").text
    assert "72 giờ" in driver.page_source
    return token


def viewport(driver, width, height, mobile=True):
    """The layout viewport of a device of width x height CSS pixels."""
    driver.execute_cdp_cmd("Emulation.setDeviceMetricsOverride", {
        "width": width, "height": height, "deviceScaleFactor": 1, "mobile": mobile})


def png_video(png, folder, name="qr"):
    """A 3-second 640x480 video (y4m, for chromium's fake camera) of the
    image png (bytes), centred on white."""
    src = folder / f"{name}.png"
    src.write_bytes(png)
    out = folder / f"{name}.y4m"
    subprocess.run(
        ["ffmpeg", "-loglevel", "error", "-y", "-loop", "1", "-i", str(src), "-vf",
         "scale=640:480:force_original_aspect_ratio=decrease,"
         "pad=640:480:(ow-iw)/2:(oh-ih)/2:white,format=yuv420p",
         "-t", "3", "-r", "10", str(out)], check=True)
    return out


def text_qr_png(text):
    """A QR code of text (UTF-8, 8-bit mode) as PNG bytes, by qrencode."""
    return subprocess.run(["qrencode", "-8", "-s", "6", "-m", "4", "-o", "-", text],
                          check=True, capture_output=True).stdout


def camera_driver(video):
    """Chromium whose camera films video (the permission granted)."""
    return make_driver(["--use-fake-ui-for-media-stream", "--use-fake-device-for-media-stream",
                        f"--use-file-for-fake-video-capture={video}"])


def report(request, line):
    """Prints a measured figure beside pytest's own output, captured or not."""
    capture = request.config.pluginmanager.get_plugin("capturemanager")
    reporter = request.config.pluginmanager.get_plugin("terminalreporter")
    with capture.global_and_fixture_disabled():
        reporter.write_line(line)


class Gate:
    """A TCP forwarder on a port of its own in front of the stack's nginx,
    that the test can shut: then every connection through it, the page's
    and its service worker's alike, fails as without a network (DevTools'
    network emulation does not reach a service worker's own fetches).

        gate = Gate(stack.url); driver.get(gate.url + "/verify")
        gate.down() ... gate.up(); gate.close()
    """

    def __init__(self, target_url):
        host, port = target_url.split("//", 1)[1].split(":")
        self.target = (host, int(port))
        self.open = True
        self.conns = []
        self.lock = threading.Lock()
        self.server = socket.socket()
        self.server.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        self.server.bind(("127.0.0.1", 0))
        self.server.listen(64)
        self.url = f"http://127.0.0.1:{self.server.getsockname()[1]}"
        threading.Thread(target=self._accept, daemon=True).start()

    def _accept(self):
        while True:
            try:
                client, _ = self.server.accept()
            except OSError:
                return
            if not self.open:
                client.close()
                continue
            try:
                upstream = socket.create_connection(self.target)
            except OSError:
                client.close()
                continue
            with self.lock:
                self.conns += [client, upstream]
            for a, b in ((client, upstream), (upstream, client)):
                threading.Thread(target=self._pipe, args=(a, b), daemon=True).start()

    @staticmethod
    def _pipe(src, dst):
        try:
            while True:
                data = src.recv(65536)
                if not data:
                    break
                dst.sendall(data)
        except OSError:
            pass
        for s in (src, dst):
            try:
                s.close()
            except OSError:
                pass

    def down(self):
        self.open = False
        with self.lock:
            conns, self.conns = self.conns, []
        for s in conns:
            try:
                s.shutdown(socket.SHUT_RDWR)
                s.close()
            except OSError:
                pass

    def up(self):
        self.open = True

    def close(self):
        self.down()
        self.server.close()
