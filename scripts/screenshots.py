"""Take screenshots of the main pages per role and language (for people to look at).

Usage: python scripts/screenshots.py BASE_URL OUTDIR [path ...]
Logs in as each demo user (password ripso-demo) and saves full-page PNGs.
"""

import re
import sys
from pathlib import Path

from playwright.sync_api import sync_playwright

ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def main(base, outdir, jobs):
    out = Path(outdir)
    out.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=ARGS)
        for email, lang, paths in jobs:
            context = browser.new_context(viewport={"width": 1280, "height": 900})
            page = context.new_page()
            page.goto(f"{base}/accounts/login/")
            page.fill("input[name=username]", email)
            page.fill("input[name=password]", "ripso-demo")
            page.locator("main form button[type=submit]").click()
            page.wait_for_load_state()
            page.locator(f"button[name=language][value={lang}]").first.click()
            page.wait_for_load_state()
            for path in paths:
                page.goto(f"{base}{path}")
                name = re.sub(r"[^a-z0-9]+", "-", f"{email.split('@')[0]}-{lang}-{path}".lower())
                page.screenshot(path=str(out / f"{name.strip('-')}.png"), full_page=True)
            context.close()
        browser.close()


if __name__ == "__main__":
    base, outdir, *rest = sys.argv[1:]
    import json

    main(base, outdir, json.loads(rest[0]))
