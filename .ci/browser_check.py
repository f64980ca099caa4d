"""The documentation site as a reader sees it: built, served on 127.0.0.1, loaded in
headless Chromium (Debian's chromium and chromium-driver, driven by selenium).

Asserts that
- a Chinese search, typed into the site's own search box (lunr, in the browser),
  finds the pages the word sits in, inside a sentence ("绿色通道", "工作日"), and
  each of the first results really contains the word;
- no request leaves the machine: every URL Chromium asked for (its network log)
  is on 127.0.0.1, and host names other than 127.0.0.1 do not resolve at all;
- no reference page shows a raw reST role (:class:, :meth:, :func:, ...) or a
  private name (svcquality._x);
and saves screenshots of three pages into .ci/artifacts/.

Run: python .ci/browser_check.py [--site-dir DIR]  (builds the site when DIR is not given)
"""

from __future__ import annotations

import argparse
import functools
import http.server
import json
import os
import re
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from urllib.parse import unquote, urlsplit

from selenium import webdriver
from selenium.common.exceptions import TimeoutException
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By
from selenium.webdriver.support import expected_conditions as ec
from selenium.webdriver.support.ui import WebDriverWait

ROOT = Path(__file__).resolve().parent.parent
ARTIFACTS = ROOT / ".ci" / "artifacts"
CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
CHROMEDRIVER = os.environ.get("CHROMEDRIVER", "/usr/bin/chromedriver")

# (where the search box is, query) -> pages the results must include. The site has
# one search index for both languages; a word inside a Chinese sentence must be found.
SEARCHES = {
    ("/zh/", "绿色通道"): ["/zh/escalation/", "/zh/tutorial/"],
    ("/zh/", "工作日"): ["/zh/calendars/", "/zh/explanation/business-time/"],
    ("/", "绿色通道"): ["/glossary/", "/escalation/"],
}
PRECISION = 10  # the first results must each contain the query, as written
SCREENSHOTS = {
    "home-zh.png": "/zh/",
    "tutorial-zh.png": "/zh/tutorial/",
    "reference-clock.png": "/reference/clock/",
}
RAW_ROLE = re.compile(r":(?:class|meth|func|attr|mod|obj|exc|data|const|py:\w+):`?")
PRIVATE = re.compile(r"svcquality(?:\.\w+)*\._[a-z]\w*")

passes: list[str] = []
failures: list[str] = []
requests: list[str] = []  # every URL Chromium asked for, from its network log


def check(ok: bool, message: str) -> None:
    print(("ok   " if ok else "FAIL ") + message, flush=True)
    (passes if ok else failures).append(message)


def build(site_dir: Path) -> None:
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir", str(site_dir)],
        cwd=ROOT,
        env=env,
        check=True,
    )


class QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        pass


def serve(site_dir: Path) -> http.server.ThreadingHTTPServer:
    handler = functools.partial(QuietHandler, directory=str(site_dir))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


def browser(profile: Path) -> webdriver.Chrome:
    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for flag in (
        "--headless=new",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-dev-shm-usage",
        "--disable-quic",
        "--no-first-run",
        "--no-default-browser-check",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--disable-domain-reliability",
        "--disable-client-side-phishing-detection",
        "--metrics-recording-only",
        f"--user-data-dir={profile}",
        "--window-size=1280,900",
        "--lang=zh-CN",
        # every host but the loopback address fails to resolve: a request that tried
        # to leave the machine is also seen in the network log below
        "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1",
    ):
        options.add_argument(flag)
    options.set_capability("goog:loggingPrefs", {"performance": "ALL"})
    # selenium finds no driver of its own: Debian's, named here
    return webdriver.Chrome(options=options, service=Service(CHROMEDRIVER))


def drain(driver: webdriver.Chrome) -> None:
    """Move the network log's new entries into `requests` (the driver keeps a bounded log)."""
    for entry in driver.get_log("performance"):
        message = json.loads(entry["message"])["message"]
        if message["method"] == "Network.requestWillBeSent":
            requests.append(message["params"]["request"]["url"])


def search(driver: webdriver.Chrome, base: str, prefix: str, query: str) -> list[str]:
    driver.get(base + prefix)
    box = WebDriverWait(driver, 10).until(
        ec.element_to_be_clickable((By.CSS_SELECTOR, "input.md-search__input"))
    )
    box.click()
    box.send_keys(query)
    try:
        WebDriverWait(driver, 20).until(
            lambda d: d.find_elements(By.CSS_SELECTOR, ".md-search-result__item a")
        )
    except TimeoutException:
        return []
    time.sleep(0.5)  # the list fills in as the worker answers
    links = driver.find_elements(By.CSS_SELECTOR, ".md-search-result__item > a")
    found = [urlsplit(a.get_attribute("href") or "").path for a in links]
    drain(driver)
    return found


def page_text(site_dir: Path, path: str) -> str:
    """The text of a built page, its tags removed (a word may sit across two tags)."""
    html = (site_dir / path.strip("/") / "index.html").read_text(encoding="utf-8")
    return re.sub(r"<[^>]+>", "", html)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--site-dir", type=Path, help="an already built site")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        site_dir = args.site_dir or Path(tmp) / "site"
        if args.site_dir is None:
            build(site_dir)
        server = serve(site_dir)
        base = f"http://127.0.0.1:{server.server_address[1]}"
        ARTIFACTS.mkdir(parents=True, exist_ok=True)
        driver = browser(Path(tmp) / "profile")
        try:
            for (prefix, query), expected in SEARCHES.items():
                found = list(dict.fromkeys(search(driver, base, prefix, query)))
                missing = [page for page in expected if page not in found]
                check(
                    not missing,
                    f"search {query!r} from {prefix}: {expected} among the results"
                    f" (missing {missing}; got {found[:PRECISION]})",
                )
                wrong = [p for p in found[:PRECISION] if query not in page_text(site_dir, p)]
                check(
                    bool(found) and not wrong,
                    f"search {query!r} from {prefix}: each of the first {PRECISION}"
                    f" results contains it (not {wrong})",
                )

            reference = sorted((site_dir / "reference").glob("*/index.html"))
            check(len(reference) >= 10, f"{len(reference)} reference pages built")
            for path in reference:
                url = f"{base}/reference/{path.parent.name}/"
                driver.get(url)
                text = driver.find_element(By.TAG_NAME, "article").text
                roles = sorted(set(RAW_ROLE.findall(text)))
                private = sorted(set(PRIVATE.findall(text)))
                check(not roles, f"{url}: no raw reST role {roles}")
                check(not private, f"{url}: no private name {private}")
                drain(driver)

            for name, page in SCREENSHOTS.items():
                driver.get(base + page)
                WebDriverWait(driver, 10).until(
                    lambda d: d.execute_script("return document.readyState") == "complete"
                )
                driver.save_screenshot(str(ARTIFACTS / name))
                print(f"     screenshot {ARTIFACTS / name}")
                drain(driver)

            # chrome:, data: and blob: URLs are the browser's own; every other one
            # must be the local server's
            web = [u for u in requests if urlsplit(u).scheme in ("http", "https", "ws", "wss")]
            outside = sorted({u for u in web if urlsplit(u).hostname != "127.0.0.1"})
            check(len(web) > 50, f"{len(web)} web requests seen in the network log")
            check(not outside, f"no request leaves the machine {[unquote(u) for u in outside]}")
        finally:
            driver.quit()
            server.shutdown()
    # the plain closing line CI reads
    print(f"browser: {len(passes)} passed, {len(failures)} failed")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
