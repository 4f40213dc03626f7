"""Open every page of the built docs site (tools/build_docs.py -> _site/) in Chromium, as a reader would.

Fails on a notebook without a page, a sidebar entry missing from the navigation, a broken internal link
(to a page or to an anchor on it), an image that does not load, a console error or a failed request,
and on a search that finds nothing. On the page of each notebook that shows an ipywidgets widget, the
widgets embedded from their saved state (ipywidgets' HTML manager, vendored into the site) must render:
a visible control of non-zero size and the widget's image loaded; a page that embeds none fails (the build
fell back to the note for all of them). Saves screenshots of the home page, of a notebook page and of
each page's first embedded widget (docs_widget_<page>.png).

    python tests/browser/test_site.py [--site _site] [--out .ci/out]
"""
import sys, time
from pathlib import Path
from urllib.parse import urldefrag, urlparse

from fastcore.script import call_parse

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parents[2]/'tools'))
from common import browser, root, serve_dir  # noqa: E402
import nbformat  # noqa: E402
from build_docs import listed, notebooks, page_stem, widget_cells  # noqa: E402

IMAGES_OK = '''() => [...document.images].filter(i => !(i.complete && i.naturalWidth > 0)).map(i => i.getAttribute('src'))'''
LINKS = '''() => [...document.querySelectorAll('a[href]')].map(a => a.href)'''
VIEWS = '''script[type="application/vnd.jupyter.widget-view+json"]'''
# each embedded view: the HTML manager puts the rendered widget in a div.widget-subarea just before its script
RENDERED = '''() => [...document.querySelectorAll('%s')].every(s => {
  const a = s.previousElementSibling;
  return a && a.classList.contains('widget-subarea') && a.querySelector('.jupyter-widgets')
         && [...a.querySelectorAll('img')].every(i => i.complete); })''' % VIEWS
WIDGETS = '''() => [...document.querySelectorAll('%s')].map(s => {
  const a = s.previousElementSibling, ok = !!(a && a.classList.contains('widget-subarea'));
  const seen = e => { const r = e.getBoundingClientRect(); return r.width > 0 && r.height > 0; };
  const imgs = ok ? [...a.querySelectorAll('img')] : [];
  return {model: JSON.parse(s.textContent).model_id, rendered: ok && a.children.length > 0,
          size: ok ? [a.getBoundingClientRect().width, a.getBoundingClientRect().height] : [0, 0],
          controls: ok ? [...a.querySelectorAll('.widget-slider, .widget-dropdown, .widget-toggle-buttons')].filter(seen).length : 0,
          images: imgs.length, loaded: imgs.filter(i => i.complete && i.naturalWidth > 0 && seen(i)).length}; })''' % VIEWS
IDS = '''() => [...document.querySelectorAll('[id]')].map(e => e.id)'''


def check_widgets(page, rel:str, out:Path) -> list:
    "Problems with the widgets embedded in the open page; saves a screenshot of the first one."
    problems = []
    for w in page.evaluate(WIDGETS):
        what = f'{rel}: embedded widget {w["model"]}'
        if not w['rendered']: problems.append(f'{what} did not render'); continue
        if min(w['size']) <= 0: problems.append(f'{what} has no size ({w["size"]})')
        if not w['controls']: problems.append(f'{what} shows no visible control (slider, dropdown, toggle buttons)')
        if not w['images'] or w['loaded'] < w['images']:
            problems.append(f'{what}: {w["loaded"]} of {w["images"]} images loaded (each explorer shows one)')
    area = page.locator('.ar-widget .widget-subarea').first
    if area.count():
        area.scroll_into_view_if_needed(); page.wait_for_timeout(200)
        out.mkdir(parents=True, exist_ok=True)
        page.locator('.ar-widget').first.screenshot(path=str(out/f'docs_widget_{rel.removesuffix(".html")}.png'))
    return problems


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
        todo, seen, ids, anchors, rendered = [base + 'index.html'], set(), {}, [], set()
        while todo:
            url = todo.pop(0)
            if url in seen: continue
            seen.add(url)
            errors.clear()
            r = page.goto(url, wait_until='load')
            if r is None or r.status != 200:
                problems.append(f'{url}: HTTP {r.status if r else "no response"}'); continue
            rel = url[len(base):]
            if page.locator(VIEWS).count():  # embedded widgets render after the page's load event
                try: page.wait_for_function(RENDERED, timeout=20_000)
                except Exception: pass  # reported below, widget by widget
                problems += check_widgets(page, rel, out)
                rendered.add(rel)
            page.wait_for_timeout(200)  # late console messages
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
        # the page of every notebook that shows a widget embeds at least one (a view can fall back to the note
        # when the build cannot make its state, e.g. it needs a `#| notest` cell: the build says so)
        for p in notebooks(nbs):
            name = page_stem(p.stem)
            if name not in missing and f'{name}.html' not in rendered and widget_cells(nbformat.read(p, as_version=4)):
                problems.append(f'{name}.html embeds no widget, though {p.name} shows one (the build fell back '
                                'to the note: see its output)')
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
