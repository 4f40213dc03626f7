"""Open every page of the built docs site (tools/build_docs.py -> _site/) in Chromium, as a reader would.

Fails on a notebook without a page, a sidebar entry missing from the navigation, a broken internal link
(to a page or to an anchor on it), an image that does not load, a console error or a failed request,
and on a search that finds nothing. Saves screenshots of the home page and of a notebook page.

    python tests/browser/test_site.py [--site _site] [--out .ci/out]
"""
import sys, time
from pathlib import Path
from urllib.parse import urldefrag, urlparse

from fastcore.script import call_parse

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parents[2]/'tools'))
from common import browser, root, serve_dir  # noqa: E402
from build_docs import listed, notebooks, page_stem  # noqa: E402

IMAGES_OK = '''() => [...document.images].filter(i => !(i.complete && i.naturalWidth > 0)).map(i => i.getAttribute('src'))'''
LINKS = '''() => [...document.querySelectorAll('a[href]')].map(a => a.href)'''
IDS = '''() => [...document.querySelectorAll('[id]')].map(e => e.id)'''


def check_site(site:Path, out:Path) -> list:
    "Every problem found on the site, as lines of text (empty when it is all right)."
    problems, nbs = [], root/'nbs'
    expected = {'index' if p.stem == 'index' else page_stem(p.stem) for p in notebooks(nbs)}
    for name in sorted(expected):
        if not (site/f'{name}.html').exists(): problems.append(f'missing page: {name}.html (from a notebook in nbs/)')
    with serve_dir(site) as base, browser() as ctx:
        page = ctx.new_page()
        errors = []
        page.on('console', lambda m: m.type == 'error' and errors.append(f'console error: {m.text}'))
        page.on('pageerror', lambda e: errors.append(f'page error: {e}'))
        page.on('requestfailed', lambda r: errors.append(f'request failed: {r.url} ({r.failure})'))
        page.on('response', lambda r: r.status >= 400 and errors.append(f'HTTP {r.status}: {r.url}'))
        todo, seen, ids, anchors = [base + 'index.html'], set(), {}, []
        while todo:
            url = todo.pop(0)
            if url in seen: continue
            seen.add(url)
            errors.clear()
            r = page.goto(url, wait_until='load')
            if r is None or r.status != 200:
                problems.append(f'{url}: HTTP {r.status if r else "no response"}'); continue
            page.wait_for_timeout(200)  # late console messages
            rel = url[len(base):]
            problems += [f'{rel}: {e}' for e in errors]
            problems += [f'{rel}: image does not load: {src}' for src in page.evaluate(IMAGES_OK)]
            ids[url] = set(page.evaluate(IDS))
            for href in page.evaluate(LINKS):
                target, frag = urldefrag(href)
                if not target.startswith(base): continue  # outside the site (GitHub, nbdev.fast.ai): not ours to check
                path = urlparse(target).path
                if path.endswith('/'): target += 'index.html'
                if frag: anchors.append((rel, target, frag))
                if target.endswith('.html') and target not in seen: todo.append(target)
                elif not target.endswith('.html'):
                    resp = page.request.get(target)
                    if resp.status != 200: problems.append(f'{rel}: broken link {href} (HTTP {resp.status})')
        for rel, target, frag in anchors:
            if target in ids and frag not in ids[target]:
                problems.append(f'{rel}: broken link to {target[len(base):]}#{frag} (no such anchor)')
        visited = {u[len(base):] for u in seen}
        missing = {name for name in expected if not (site/f'{name}.html').exists()}  # reported above
        for name in sorted(expected - missing):
            if f'{name}.html' not in visited: problems.append(f'{name}.html is not reachable from the home page')
        # the navigation lists every notebook that sidebar.yml lists and that exists
        page.goto(base + 'index.html')
        nav = set(page.evaluate('''() => [...document.querySelectorAll('nav.md-nav--primary a[href]')].map(a => a.getAttribute('href'))'''))
        for stem in sorted(listed(nbs/'sidebar.yml')):
            if (nbs/f'{stem}.ipynb').exists() and stem != 'index' and page_stem(stem) not in missing \
               and f'{page_stem(stem)}.html' not in nav:
                problems.append(f'the navigation lacks {page_stem(stem)}.html (sidebar.yml lists {stem}.ipynb)')
        # search (MkDocs' own index, in the browser): a name from the API docs is found
        page.set_viewport_size({'width': 1280, 'height': 900})
        page.click('input[data-md-component="search-query"]')
        page.keyboard.type('degrade')
        try: page.wait_for_selector('.md-search-result__item', timeout=10_000)
        except Exception: problems.append('search for "degrade" shows no result')
        page.keyboard.press('Escape')
        out.mkdir(parents=True, exist_ok=True)
        page.goto(base + 'index.html'); page.wait_for_timeout(300)
        page.screenshot(path=str(out/'docs_home.png'))
        page.goto(base + 'artifacts.html'); page.wait_for_timeout(300)
        page.screenshot(path=str(out/'docs_artifacts_top.png'))
        fig = page.locator('img[src*="artifacts_files"]').first
        if fig.count():
            fig.scroll_into_view_if_needed(); page.wait_for_timeout(300)
            page.screenshot(path=str(out/'docs_artifacts_figure.png'))
        print(f'opened {len(seen)} pages; {len(anchors)} links to anchors checked')
    return problems


@call_parse
def main(site:str='_site', # the built site (python tools/build_docs.py)
         out:str='.ci/out', # where the screenshots go
        ):
    "Check the docs site in Chromium; exit 1 listing every problem."
    t0 = time.time()
    site, out = root/site, root/out
    if not (site/'index.html').exists(): raise SystemExit(f'{site} has no index.html: run python tools/build_docs.py')
    problems = check_site(site, out)
    for p in problems: print('FAIL', p)
    print(f'site test: {len(problems)} problem(s) in {time.time()-t0:.0f} s; screenshots in {out}: '
          + ', '.join(sorted(p.name for p in out.glob('docs_*.png'))))
    sys.exit(1 if problems else 0)
