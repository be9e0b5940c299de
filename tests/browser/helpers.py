"""What the browser tests share: headless Debian chromium driven by
selenium (a phone-sized window, a fresh profile), logging in through the
form, the commune search, the QR page.

    from .helpers import make_driver, log_in
"""
import re
import shutil
import socket
import subprocess
import tempfile
import threading
from urllib.parse import urlsplit

from selenium import webdriver
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By
from selenium.webdriver.support import expected_conditions as EC
from selenium.webdriver.support.ui import WebDriverWait

from integration.helpers import mask_name

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
    # click() does not wait for the next page: wait for it (by its path:
    # the login page's own URL names it in ?next=).
    WebDriverWait(driver, 10).until(
        lambda d: urlsplit(d.current_url).path == lands_on)


def set_value(driver, element_id, value):
    """Date inputs take typed digits in the locale's order; set them directly."""
    driver.execute_script("document.getElementById(arguments[0]).value = arguments[1];",
                          element_id, value)


def search_pick(driver, field, typed, label, text_id=None):
    """A commune (or unit) picked by name (js/unit-search.js): a few
    letters typed into field's text input (id text_id, by default
    <field>_q), then the match whose label is label clicked in the list
    that opens under it."""
    text_id = text_id or field + "_q"
    box = driver.find_element(By.ID, text_id)
    box.clear()
    box.send_keys(typed)
    option = WebDriverWait(driver, 10).until(lambda d: next(
        (li for li in d.find_elements(By.CSS_SELECTOR, f"#{text_id}-list li[role=option]")
         if li.text == label), False))
    option.click()
    WebDriverWait(driver, 5).until(lambda d: code_of(d, field) != "")


def code_of(driver, field):
    """The code beside a unit's text input ("" when none is chosen)."""
    found = driver.find_elements(By.CSS_SELECTOR, f'input[type=hidden][name="{field}"]')
    return found[0].get_attribute("value") if found else ""


def image_loaded(driver, img):
    """Waits until the browser has drawn img (its PNG really came)."""
    WebDriverWait(driver, 10).until(
        lambda d: d.execute_script("return arguments[0].complete && arguments[0].naturalWidth",
                                   img) > 0)


def check_qr_page(driver, stack, name):
    """The browser is on a QR page of name's declaration, image drawn, the
    name masked (issue 18); returns the token."""
    WebDriverWait(driver, 15).until(EC.url_matches(r"/qr/[A-Za-z0-9_-]{102}$"))
    token = re.search(r"/qr/([A-Za-z0-9_-]{102})$", driver.current_url).group(1)
    img = WebDriverWait(driver, 10).until(
        EC.presence_of_element_located((By.CSS_SELECTOR, "img.qr")))
    image_loaded(driver, img)
    assert img.get_attribute("src").endswith(f"/qr/{token}.png")
    assert driver.find_element(By.CSS_SELECTOR, ".holder").text == mask_name(name)
    assert name not in driver.page_source
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
class NetworkSwitch:
    """A forwarding HTTP proxy in the test that can be cut, for a browser
    started with proxy_flags(): then every request of the page and of its
    service worker goes through it (DevTools' offline mode does not reach
    a service worker's own requests), and cut() makes them all fail as on
    a phone without signal.  Counts what it forwarded."""

    def __init__(self):
        import http.client
        import http.server
        import threading

        switch = self
        self.online = True
        self.forwarded = []

        class Handler(http.server.BaseHTTPRequestHandler):
            def log_message(self, *args):
                pass

            def do_GET(self):
                from urllib.parse import urlsplit
                if not switch.online:
                    self.close_connection = True
                    self.connection.close()             # no answer at all
                    return
                url = urlsplit(self.path)
                if url.hostname != "127.0.0.1":          # chromium's own calls home
                    self.send_error(502)
                    return
                switch.forwarded.append(url.path)
                conn = http.client.HTTPConnection(url.hostname, url.port, timeout=30)
                headers = {k: v for k, v in self.headers.items()
                           if k.lower() not in ("proxy-connection", "connection")}
                length = int(self.headers.get("Content-Length") or 0)
                conn.request(self.command, url.path + ("?" + url.query if url.query else ""),
                             body=self.rfile.read(length) if length else None,
                             headers=headers)
                answer = conn.getresponse()
                data = answer.read()
                self.send_response(answer.status)
                for k, v in answer.getheaders():
                    if k.lower() not in ("connection", "transfer-encoding", "content-length"):
                        self.send_header(k, v)
                self.send_header("Content-Length", str(len(data)))
                self.send_header("Connection", "close")
                self.end_headers()
                self.wfile.write(data)
                conn.close()

            do_POST = do_GET

        self.server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.port = self.server.server_address[1]
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def proxy_flags(self):
        return [f"--proxy-server=http://127.0.0.1:{self.port}",
                "--proxy-bypass-list=<-loopback>"]

    def cut(self):
        self.online = False

    def restore(self):
        self.online = True

    def close(self):
        self.server.shutdown()
        self.server.server_close()


def left_page(browser, element, timeout=10):
    """Waits until element's page is gone (a click navigated).  Chromium
    answers a node of the old document with a stale-element error or with
    "does not belong to the document": both mean gone."""
    from selenium.common.exceptions import WebDriverException
    from selenium.webdriver.support.ui import WebDriverWait

    def gone(_):
        try:
            element.is_enabled()
            return False
        except WebDriverException:
            return True
    WebDriverWait(browser, timeout).until(gone)
