"""Browser tests run against a server started by scripts/test.sh (ISHC_BASE_URL) with demo data."""
import os

import pytest
from axe_selenium_python import Axe
from selenium import webdriver
from selenium.webdriver.chrome.options import Options
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.support.ui import WebDriverWait

BASE = os.environ.get("ISHC_BASE_URL", "http://127.0.0.1:8080")
PASSWORD = "demo-ishc-2025"
SIZES = {"phone": (360, 740), "desktop": (1280, 800)}
SHOTS = os.environ.get("ISHC_SCREENSHOTS")


def make_driver(width, height):
    options = Options()
    options.binary_location = "/usr/bin/chromium"
    for arg in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                f"--window-size={width},{height}", "--lang=vi"):
        options.add_argument(arg)
    driver = webdriver.Chrome(service=Service("/usr/bin/chromedriver"), options=options)
    driver.set_window_size(width, height)
    return driver


@pytest.fixture(params=list(SIZES), scope="module")
def driver(request):
    d = make_driver(*SIZES[request.param])
    d.size_name = request.param
    yield d
    d.quit()


class Visit:
    """Opens pages, and checks each one the way the interface rules ask."""

    def __init__(self, driver):
        self.d = driver
        self.checked = []

    def check_page(self, name):
        d = self.d
        assert d.find_element("tag name", "html").get_attribute("lang") in ("vi", "en")
        # No sideways scrolling at the narrowest width.
        overflow = d.execute_script("return document.documentElement.scrollWidth - window.innerWidth")
        assert overflow <= 0, f"{name}: page is {overflow}px wider than the screen"
        # Body text at least 18 px.
        size = d.execute_script("return parseFloat(getComputedStyle(document.body).fontSize)")
        assert size >= 18, f"{name}: body text {size}px"
        # Every visible link, button and field is at least 44 px tall (48 px targets, allowing inline text links).
        small = d.execute_script("""
            return [...document.querySelectorAll('main a.button, main button, main input:not([type=hidden]), main select, header a, header button, .card')]
              .filter(e => e.offsetParent !== null)
              // A checkbox's target is the label row around it, which toggles it too.
              .map(e => (e.type === 'checkbox' || e.type === 'radio') && e.closest('label') ? e.closest('label') : e)
              .map(e => [e.tagName, e.textContent.trim().slice(0, 30), e.getBoundingClientRect().height])
              .filter(x => x[2] < 48);
        """)
        assert not small, f"{name}: targets under 48px: {small}"
        axe = Axe(d)
        axe.inject()
        results = axe.run()
        violations = [(v["id"], v["help"], [n["target"] for n in v["nodes"]][:5]) for v in results["violations"]]
        assert not violations, f"{name}: axe violations {violations}"
        if SHOTS:
            os.makedirs(SHOTS, exist_ok=True)
            width, height = SIZES[d.size_name]
            full = d.execute_script("return document.documentElement.scrollHeight")
            d.set_window_size(width, max(height, min(full + 120, 4000)))
            d.save_screenshot(os.path.join(SHOTS, f"{d.size_name}-{name}.png"))
            d.set_window_size(width, height)
        self.checked.append(name)

    def open(self, path, name):
        self.d.get(BASE + path)
        self.check_page(name)

    def submit(self, selector="form button.primary"):
        """Clicks a submit button and waits until the next page has replaced this one."""
        old = self.d.find_element("tag name", "html")
        self.d.find_element("css selector", selector).click()
        WebDriverWait(self.d, 20).until(lambda d: self._gone(old))

    @staticmethod
    def _gone(element):
        try:
            element.tag_name
            return False
        except Exception:
            return True

    def follow(self, text, within="main"):
        """Follows the link (or card) in `within` whose text contains `text`."""
        links = [a for a in self.d.find_element("css selector", within).find_elements("tag name", "a") if text in a.text]
        assert links, f"no link with {text!r}"
        old = self.d.find_element("tag name", "html")
        links[0].click()
        WebDriverWait(self.d, 20).until(lambda d: self._gone(old))

    def login(self, username, password=PASSWORD):
        d = self.d
        d.delete_all_cookies()
        d.get(BASE + "/login")
        d.find_element("id", "f-username").send_keys(username)
        d.find_element("id", "f-password").send_keys(password)
        self.submit()

    def logout(self):
        self.submit("header form button")
        assert "/login" in self.d.current_url
