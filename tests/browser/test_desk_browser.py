"""The analyst's desk in a real browser (issue 18): Debian's Chromium driven by Selenium
through Debian's chromedriver, against `rasd serve` on a free loopback port. Each page reads
right to left; the timeline, the network, the highlights and the links work; the hostile
article runs nothing. Screenshots of every page are kept as artifacts (the path is printed
at the end; RASD_SCREENSHOTS names another folder).

Where Chromium or chromedriver is missing these tests are skipped, saying so: `.ci/run`
installs both (`apt-get install chromium chromium-driver`)."""
import os
import shutil
import socket
import threading
import time
from pathlib import Path
from urllib.parse import quote

import pytest

webdriver = pytest.importorskip("selenium.webdriver", reason="selenium is not installed (the `test` extra has it)")
pytest.importorskip("uvicorn", reason="the `serve` extra is not installed")
CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
CHROMEDRIVER = shutil.which("chromedriver")
if not (CHROMIUM and CHROMEDRIVER):
    pytest.skip("no Chromium and chromedriver here: `apt-get install chromium chromium-driver` "
                "(.ci/run does) to run the browser tests", allow_module_level=True)

from selenium.common.exceptions import NoAlertPresentException  # noqa: E402
from selenium.webdriver.common.action_chains import ActionChains  # noqa: E402
from selenium.webdriver.common.by import By  # noqa: E402

from conftest import HOSTILE_ID  # noqa: E402
from rasd.serve.app import create_app  # noqa: E402

SERVE = {"page_size": 50, "max_limit": 200, "per_side": 5, "connections": 4}
DENIED_RGB = "rgb(192, 57, 43)"           # --denied in static/app.css


@pytest.fixture(scope="module")
def server(desk_store):
    import uvicorn
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    srv = uvicorn.Server(uvicorn.Config(create_app(desk_store, settings=SERVE), host="127.0.0.1", port=port,
                                        log_level="warning"))
    thread = threading.Thread(target=srv.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 30
    while not srv.started:
        assert time.monotonic() < deadline, "rasd serve did not start"
        time.sleep(0.05)
    yield f"http://127.0.0.1:{port}"
    srv.should_exit = True
    thread.join(10)


@pytest.fixture(scope="module")
def shots(request, tmp_path_factory) -> Path:
    folder = Path(os.environ.get("RASD_SCREENSHOTS") or tmp_path_factory.mktemp("screenshots"))
    folder.mkdir(parents=True, exist_ok=True)
    yield folder
    reporter = request.config.pluginmanager.get_plugin("terminalreporter")
    if reporter:
        reporter.write_line(f"browser screenshots: {folder}")


@pytest.fixture(scope="module")
def browser():
    from selenium.webdriver.chrome.service import Service
    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for arg in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--window-size=1280,1000", "--lang=ar"):
        options.add_argument(arg)
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    driver = webdriver.Chrome(service=Service(CHROMEDRIVER), options=options)
    driver.set_page_load_timeout(60)
    yield driver
    driver.quit()


def open_page(browser, server, path: str, shots: Path | None = None, name: str | None = None):
    browser.get(server + path)
    assert browser.execute_script("return document.readyState") == "complete"
    if shots is not None and name:
        height = browser.execute_script("return document.documentElement.scrollHeight")
        browser.set_window_size(1280, min(max(height, 700), 4000))
        browser.save_screenshot(str(shots / f"{name}.png"))
        browser.set_window_size(1280, 1000)


def js(browser, script: str, *args):
    return browser.execute_script(script, *args)


def api(browser, server, path: str):
    """JSON from the API, fetched by the page itself (same origin)."""
    return js(browser, "return fetch(arguments[0]).then(r => r.json())", server + path)


PAGES = {"home": "/", "stories": "/stories", "story": "/stories/1", "facts": "/facts", "fact": "/facts/2",
         "documents": "/documents", "article": "/documents/01_drones_kherson", "actors": "/actors",
         "actor": "/actors/RUS", "search": "/search?q=" + quote("طهران")}


@pytest.mark.parametrize("name", list(PAGES))
def test_each_page_lays_out_right_to_left(browser, server, shots, name):
    open_page(browser, server, PAGES[name], shots, name)
    assert js(browser, "return document.documentElement.lang") == "ar"
    assert js(browser, "return getComputedStyle(document.body).direction") == "rtl"
    assert js(browser, "return getComputedStyle(document.querySelector('main h1, main p')).direction") == "rtl"
    # the brand opens the top bar at the inline start: the right, in Arabic
    brand = js(browser, "const r = document.querySelector('.brand').getBoundingClientRect(); return [r.left, r.right]")
    assert brand[0] > js(browser, "return window.innerWidth") / 2
    severe = [e for e in browser.get_log("browser") if e["level"] == "SEVERE" and "favicon" not in e["message"]]
    assert severe == []                   # no script error, no Content-Security-Policy refusal


def test_the_story_timeline_shows_each_report_coloured_with_copies_folded(browser, server, shots):
    open_page(browser, server, "/stories/1")
    rows = api(browser, server, "/api/v1/stories/1?limit=200")["timeline"]["items"]
    from_copies = [r for r in rows if r["copy_of"]]
    entries = browser.find_elements(By.CSS_SELECTOR, ".timeline .entry")
    assert len(entries) == len(rows) - len(from_copies) and from_copies
    denied = browser.find_element(By.CSS_SELECTOR, ".timeline .entry.s-denied")
    assert js(browser, "return getComputedStyle(arguments[0]).borderRightColor", denied) == DENIED_RGB
    assert all(e.find_element(By.CSS_SELECTOR, ".claimant-of").text for e in entries)
    folded = browser.find_element(By.CSS_SELECTOR, ".timeline details.copies")
    copy_link = folded.find_element(By.CSS_SELECTOR, "a")
    assert not copy_link.is_displayed()
    folded.find_element(By.TAG_NAME, "summary").click()
    assert copy_link.is_displayed() and "desk-copy" in copy_link.get_attribute("href")
    # time runs right to left: the chart's earliest bar is its rightmost
    bars = js(browser, "return [...document.querySelectorAll('.bars .bar')].map(b => b.getBoundingClientRect().left)")
    assert bars == sorted(bars, reverse=True) and len(bars) >= 2
    browser.save_screenshot(str(shots / "story-copies-open.png"))


def test_the_actor_network_has_a_node_per_counterpart_and_an_edge_per_type(browser, server, shots):
    open_page(browser, server, "/actors/RUS")
    net = api(browser, server, "/api/v1/actors/RUS/network")
    nodes = browser.find_elements(By.CSS_SELECTOR, ".network-svg .node")
    assert sorted(n.get_attribute("data-code") for n in nodes) == sorted(
        ["RUS"] + [c["code"] for c in net["counterparts"] if c["code"]])
    edges = browser.find_elements(By.CSS_SELECTOR, ".network-svg path.edge")
    drawn = [e for e in net["edges"] if e["source"] and e["target"]]
    assert sorted((e.get_attribute("data-source"), e.get_attribute("data-target"), e.get_attribute("data-type"))
                  for e in edges) == sorted((e["source"], e["target"], e["type"]) for e in drawn)
    dashed = [e for e in edges if e.get_attribute("data-contradicted") != "0"]
    assert dashed and all(js(browser, "return getComputedStyle(arguments[0]).strokeDasharray", e) != "none"
                          for e in dashed)
    widest = max(edges, key=lambda e: float(e.get_attribute("stroke-width")))
    assert int(widest.get_attribute("data-reports")) == max(e["reports"] for e in drawn)
    # pointing at a counterpart keeps its edges and fades the others
    prk = browser.find_element(By.CSS_SELECTOR, '.network-svg .node[data-code="PRK"] circle')
    ActionChains(browser).move_to_element(prk).perform()
    faded = [e for e in edges if float(js(browser, "return getComputedStyle(arguments[0]).opacity", e)) < 0.5]
    assert faded and all("PRK" not in (e.get_attribute("data-source"), e.get_attribute("data-target")) for e in faded)
    browser.save_screenshot(str(shots / "actor-network-hover.png"))
    # an edge leads to its facts
    edge = next(e for e in drawn if e["type"] == "TRANSFER")
    link = browser.find_element(By.CSS_SELECTOR, f'.network-svg path.edge[data-source="{edge["source"]}"]'
                                                 f'[data-target="{edge["target"]}"][data-type="TRANSFER"]')
    browser.get(server + js(browser, "return arguments[0].closest('a').getAttribute('href')", link))
    cards = browser.find_elements(By.CSS_SELECTOR, ".fact-card")
    assert len(cards) == edge["facts"]
    assert all(c.find_element(By.CSS_SELECTOR, ".type").get_attribute("title") == "TRANSFER" for c in cards)


def test_a_highlighted_span_holds_exactly_its_evidence(browser, server, shots):
    doc = api(browser, server, "/api/v1/documents/01_drones_kherson")
    checked = 0
    for e in doc["events"]:
        ev = e["record"]["evidence"]
        open_page(browser, server, f"/documents/01_drones_kherson#at-{ev['start']}")
        marks = js(browser, "return [...document.querySelectorAll('.article-text mark.ev')].filter(m => "
                            "+m.dataset.start >= arguments[0] && +m.dataset.start < arguments[1]).map(m => m.textContent)",
                   ev["start"], ev["end"])
        assert "".join(marks) == ev["text"]
        target = browser.find_element(By.ID, f"at-{ev['start']}")
        assert js(browser, "return document.querySelector(':target') === arguments[0]", target)
        assert js(browser, "return getComputedStyle(arguments[0]).backgroundColor", target) not in (
            "rgba(0, 0, 0, 0)", "transparent")
        checked += 1
    assert checked == len(doc["events"]) > 3
    browser.save_screenshot(str(shots / "article-target.png"))


def test_the_dropped_boilerplate_can_be_hidden(browser, server):
    open_page(browser, server, "/documents/01_drones_kherson")
    removed = browser.find_elements(By.CSS_SELECTOR, ".article-text .removed")
    assert removed and all(r.is_displayed() for r in removed)
    browser.find_element(By.CSS_SELECTOR, ".toggle-boilerplate").click()
    assert not any(r.is_displayed() for r in removed)


def test_links_lead_from_page_to_page(browser, server):
    open_page(browser, server, "/")
    browser.find_element(By.CSS_SELECTOR, ".latest-stories .story-title").click()
    assert "/stories/" in browser.current_url
    browser.find_element(By.CSS_SELECTOR, ".timeline .entry .doc-link").click()
    assert "/documents/" in browser.current_url and "#at-" in browser.current_url
    assert browser.find_elements(By.CSS_SELECTOR, "mark.ev:target")
    browser.find_element(By.CSS_SELECTOR, ".doc-events .fact-id").click()
    assert "/facts/" in browser.current_url
    browser.find_element(By.CSS_SELECTOR, "h1 a.actor").click()
    assert "/actors/" in browser.current_url
    assert browser.find_elements(By.CSS_SELECTOR, ".network-svg .node.centre")
    browser.find_element(By.CSS_SELECTOR, ".lang-switch").click()
    assert js(browser, "return getComputedStyle(document.body).direction") == "ltr"
    assert js(browser, "return document.documentElement.lang") == "en"
    browser.find_element(By.CSS_SELECTOR, ".lang-switch").click()
    assert js(browser, "return document.documentElement.lang") == "ar"


def test_the_hostile_article_runs_nothing(browser, server, shots):
    for path in ("/documents/" + quote(HOSTILE_ID, safe=""), "/stories/1", "/facts?actor=IRN"):
        open_page(browser, server, path, shots, "hostile-" + path.split("/")[1].split("?")[0])
        with pytest.raises(NoAlertPresentException):
            browser.switch_to.alert.text
        assert js(browser, "return document.querySelectorAll('script').length") == 1
        assert js(browser, "return document.querySelectorAll('img, [onmouseover], [onerror]').length") == 0
    assert "onmouseover" in browser.page_source            # shown as text
