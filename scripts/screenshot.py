"""Screenshot a page of a running server with Debian's Chromium, e.g. for the README:

.venv/bin/python scripts/screenshot.py http://127.0.0.1:8000/ docs/timeline.png [--width 1280]
.venv/bin/python scripts/screenshot.py "http://127.0.0.1:8000/?view=chart" docs/timeline-chart.png \
    --wait-for "#chart .chart-item"
"""

import argparse

from playwright.sync_api import sync_playwright

CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking"]


def main() -> None:
    parser = argparse.ArgumentParser(description="Screenshot a page with /usr/bin/chromium.")
    parser.add_argument("url")
    parser.add_argument("output")
    parser.add_argument("--width", type=int, default=1280)
    parser.add_argument("--height", type=int, default=1100)
    parser.add_argument("--wait-for", help="a CSS selector to wait for (e.g. the chart's items)")
    parser.add_argument("--full-page", action="store_true", help="the whole page, not the view")
    options = parser.parse_args()
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS
        )
        page = browser.new_page(viewport={"width": options.width, "height": options.height})
        page.goto(options.url)
        if options.wait_for:
            page.wait_for_selector(options.wait_for)
            page.wait_for_timeout(300)  # the chart settles its layout after the first items
        page.screenshot(path=options.output, full_page=options.full_page)
        browser.close()


if __name__ == "__main__":
    main()
