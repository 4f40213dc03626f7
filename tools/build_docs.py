"""Build the documentation site without Quarto: nbdev's processed notebooks, through MkDocs (Material).

Where Quarto is installed, `nbdev_docs` builds the site (and `nbdev_preview` previews it) from
nbs/_quarto.yml and nbs/sidebar.yml. Quarto cannot be installed on every machine (none is reachable
from these ones), so this script builds the same pages another way:

1. each notebook goes through nbdev's own processing (what `nbdev_proc_nbs` does, one notebook at a
   time so every failure is reported; Quarto is not needed for it): `show_doc` cells are added and run,
   hidden and exported cells dropped, backticked names turned into links. The results go to `_proc/`.
2. each processed notebook becomes a Markdown page with nbconvert: the nbdev directives Quarto would
   honour are applied (`echo: false`, `output: asis`, `include: false`), figures are written as files,
   links to the documentation host become links between pages, and an interactive widget's output
   says that it needs a live kernel (the static figure a notebook saves beside it is what shows).
3. MkDocs with the Material theme builds `_site/` from them, with navigation from nbs/sidebar.yml
   and its own search. Nothing on the pages loads from the internet (no web fonts, no CDN scripts).

    python tools/build_docs.py            # build _site/ (about a minute)
    python tools/build_docs.py --serve    # build, then preview at http://127.0.0.1:8000
"""
import concurrent.futures as cf, multiprocessing as mp, os, re, shutil, subprocess, sys, time
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import nbformat, yaml
from fastcore.script import call_parse
from nbconvert import MarkdownExporter
from nbdev import serve_drv
from nbdev.config import get_config
from nbdev.processors import FilterDefaults
from traitlets.config import Config

sys.path.insert(0, str(Path(__file__).resolve().parent))
from make_readme import directives  # noqa: E402  (the same directive parsing the README uses)

root = Path(__file__).resolve().parent.parent
proc_dir, src_dir, site_dir = root/'_proc', root/'_build_docs', root/'_site'
WIDGET = 'application/vnd.jupyter.widget-view+json'
WIDGET_NOTE = ('*An interactive widget: it needs a live kernel, so it works when this notebook is open '
               'in JupyterLab (`jupyter lab nbs`). The docs show the static figure saved beside it.*')


def notebooks(nbs:Path) -> list:
    "The notebooks nbdev would document: nbs/*.ipynb, less the ones whose names start with _ or ."
    return sorted(p for p in nbs.glob('*.ipynb') if not p.name.startswith(('_', '.')))


def proc_notebooks(nbs:Path, n_workers:int=2) -> list:
    "Process every notebook into _proc/ as `nbdev_proc_nbs` does; the (notebook, error) pairs that failed."
    shutil.rmtree(proc_dir, ignore_errors=True)
    proc_dir.mkdir()
    failed = []
    with cf.ProcessPoolExecutor(n_workers, mp_context=mp.get_context('spawn')) as ex:
        # nbdev's own driver and processors, each notebook in a fresh process as `nbdev_proc_nbs` runs them
        futs = {ex.submit(serve_drv.main, (nb, proc_dir/nb.name, FilterDefaults)): nb for nb in notebooks(nbs)}
        for f in cf.as_completed(futs):
            if f.exception(): failed.append((futs[f].name, f.exception()))
    return failed


def frontmatter(nb) -> dict:
    "The YAML front matter nbdev puts in a processed notebook's first raw cell (title, description, output-file)."
    for cell in nb.cells:
        if cell.cell_type == 'raw' and cell.source.startswith('---'):
            return yaml.safe_load(cell.source.strip().strip('-')) or {}
    return {}


def page_stem(stem:str) -> str:
    "The page a notebook named `stem` becomes: its name less the number (`00a_media` -> `media`), as nbdev and Quarto name it."
    return re.sub(r'^\d+[a-z]?_', '', stem)


def page_name(nb, stem:str) -> str:
    "The page a processed notebook becomes: Quarto's `output-file`, which nbdev's links point to."
    out = frontmatter(nb).get('output-file')
    return Path(out).stem if out else page_stem(stem)


def _heading_ids(md:str) -> str:
    "Give show_doc headings the ids Quarto gives them (`### Foo.bar` -> `#foo.bar`), which nbdev's links use."
    return re.sub(r'^(#{2,4}) ([\w.]+)\s*$', lambda m: f'{m[1]} {m[2]} {{ #{m[2].lower()} }}', md, flags=re.M)


def local_links(md:str, doc_url:str, pages:dict) -> str:
    "Turn links to the docs host (`{doc_url}/artifacts.html#degrade`) into links between pages (`artifacts.md#degrade`)."
    url = re.escape(doc_url.rstrip('/'))
    # nbdev links private names too (`_place`), but no page documents them: show them as code, not as links to nowhere
    md = re.sub(r'\[(`_[\w.]+`)\]\(' + url + r'/[\w.-]+?\.html#_[\w.-]*\)', r'\1', md)
    def fix(m):
        name, anchor = m[1], m[2] or ''
        return f'{name}.md{anchor}' if name in pages else m[0]
    return re.sub(url + r'/([\w.-]+?)\.html(#[\w.-]*)?', fix, md)


def docs_notebook(nb):
    "Apply what Quarto does with nbdev's directives, so nbconvert's Markdown shows what the Quarto site shows."
    cells = []
    for cell in nb.cells:
        if cell.cell_type == 'raw':
            fm = yaml.safe_load(cell.source.strip().strip('-')) if cell.source.startswith('---') else None
            if fm and 'title' in fm:
                desc = f"\n\n> {fm['description'].strip()}" if fm.get('description') else ''
                cells.append(nbformat.v4.new_markdown_cell(f"# {fm['title']}{desc}"))
            continue
        if cell.cell_type != 'code':
            cells.append(cell); continue
        d, src = directives(cell.source)
        if 'hide' in d or d.get('include') == 'false' or 'export' in d or 'default_exp' in d: continue
        if d.get('output') == 'asis':  # show_doc: its Markdown output is the page's text
            md = ''.join(o.get('data', {}).get('text/markdown', '') for o in cell.get('outputs', []))
            cells.append(nbformat.v4.new_markdown_cell(_heading_ids(md)))
            continue
        if d.get('echo') == 'false': cell.metadata.setdefault('tags', []).append('remove_input')
        cell.source = src
        for o in cell.get('outputs', []):
            if WIDGET in o.get('data', {}): o['data'] = {'text/markdown': WIDGET_NOTE}
        cells.append(cell)
    nb.cells = cells
    return nb


def write_page(nb, name:str, out:Path, doc_url:str, pages:dict):
    "Write `nb` as out/name.md, its figures in out/name_files/."
    c = Config()
    c.TagRemovePreprocessor.enabled = True
    c.TagRemovePreprocessor.remove_input_tags = ('remove_input',)
    body, res = MarkdownExporter(config=c).from_notebook_node(docs_notebook(nb), resources={'output_files_dir': f'{name}_files'})
    for fname, data in res.get('outputs', {}).items():
        (out/fname).parent.mkdir(parents=True, exist_ok=True)
        (out/fname).write_bytes(data)
    (out/f'{name}.md').write_text(local_links(body, doc_url, pages), encoding='utf-8')


def nav(sidebar:Path, pages:dict) -> tuple:
    "MkDocs' nav from Quarto's sidebar.yml, and the sidebar's notebooks that do not exist (yet)."
    missing = []
    def entry(e):
        if isinstance(e, str):
            stem = Path(e).stem
            if stem not in pages: missing.append(e); return None
            return {pages[stem][1]: f'{pages[stem][0]}.md'}
        if isinstance(e, dict) and 'section' in e:
            items = [x for x in map(entry, e.get('contents', [])) if x]
            return {e['section']: items} if items else None
        raise ValueError(f'{sidebar}: cannot read the sidebar entry {e!r}')
    contents = yaml.safe_load(sidebar.read_text())['website']['sidebar']['contents']
    return [x for x in map(entry, contents) if x], missing


def listed(sidebar:Path) -> set:
    "The notebook stems that sidebar.yml lists."
    return set(re.findall(r'([\w.-]+)\.ipynb', sidebar.read_text()))


def mkdocs_config(cfg, nav_:list) -> dict:
    return {
        'site_name': cfg.title, 'site_description': cfg.description, 'site_url': '',
        'docs_dir': 'docs', 'site_dir': str(site_dir), 'use_directory_urls': False, 'nav': nav_,
        # no web fonts and no repository widget: both fetch from the internet, which the site must not need
        'theme': {'name': 'material', 'font': False,
                  'features': ['navigation.sections', 'navigation.top', 'search.highlight', 'content.code.copy']},
        'plugins': ['search'],
        'extra_css': ['styles.css'],
        'markdown_extensions': ['attr_list', 'md_in_html', 'tables', 'admonition', 'toc',
                                {'pymdownx.highlight': {'use_pygments': True}}, 'pymdownx.superfences'],
        'validation': {'links': {'anchors': 'warn'}},
    }


def build(n_workers:int=2) -> Path:
    "Build _site/ from the notebooks; raise with every problem found."
    cfg = get_config()
    nbs, t0 = cfg.nbs_path, time.time()
    failed = proc_notebooks(nbs, n_workers)
    print(f'processed {len(notebooks(nbs))-len(failed)} of {len(notebooks(nbs))} notebooks into {proc_dir} in {time.time()-t0:.0f} s')

    shutil.rmtree(src_dir, ignore_errors=True)
    docs = src_dir/'docs'
    docs.mkdir(parents=True)
    procs = {p.stem: nbformat.read(p, as_version=4) for p in sorted(proc_dir.glob('*.ipynb'))}
    pages = {stem: (page_name(nb, stem), frontmatter(nb).get('title', stem)) for stem, nb in procs.items()}
    pages['index'] = ('index', 'Home')
    names = {name for name, _ in pages.values()}
    doc_url = cfg.doc_host.rstrip('/') + '/' + cfg.doc_baseurl.strip('/')
    for stem, nb in procs.items(): write_page(nb, pages[stem][0], docs, doc_url, names)
    if (nbs/'styles.css').exists(): shutil.copy(nbs/'styles.css', docs/'styles.css')
    else: (docs/'styles.css').write_text('')

    sidebar = nbs/'sidebar.yml'
    unlisted = sorted({p.stem for p in notebooks(nbs)} - listed(sidebar) - {'index'})
    if unlisted: raise SystemExit(f'{sidebar} does not list {", ".join(unlisted)}: add them so both sites show them')
    nav_, missing = nav(sidebar, pages)
    for m in missing:
        if not (nbs/m).exists(): print(f'note: {sidebar.name} lists {m}, which does not exist yet: left out of the site')
    (src_dir/'mkdocs.yml').write_text(yaml.safe_dump(mkdocs_config(cfg, nav_), sort_keys=False))
    env = {**os.environ, 'NO_MKDOCS_2_WARNING': '1'}  # Material's notice about MkDocs 2, not about this site
    r = subprocess.run([sys.executable, '-m', 'mkdocs', 'build', '--strict', '--clean', '-q', '-f', str(src_dir/'mkdocs.yml')], env=env)
    if r.returncode: raise SystemExit('mkdocs build failed (see above)')
    print(f'built {site_dir} ({len(procs)} pages) in {time.time()-t0:.0f} s')
    if failed:  # the rest of the site is built, so it can be looked at; the build still fails
        msg = '\n\n'.join(f'{name}: {e}\n{_cause(e)}' for name, e in failed)
        raise SystemExit(f'\nnbdev could not process {len(failed)} notebook(s), left out of the site; nbdev_docs fails '
                         f'the same way. Usually a cell mixes imports with other code: nbdev runs every cell with an '
                         f'import when it makes the docs, so put imports in cells of their own.\n\n{msg}')
    return site_dir


def _cause(e) -> str:
    "The error under nbdev's 'Error in notebook' (as a child process reports it)."
    c = e.__cause__
    while c is not None and getattr(c, '__cause__', None) is not None: c = c.__cause__
    return f'  {type(c).__name__}: {c}' if c else ''


def serve_site(port:int=8000):
    "Serve _site/ on 127.0.0.1:port until interrupted."
    handler = partial(SimpleHTTPRequestHandler, directory=str(site_dir))
    with ThreadingHTTPServer(('127.0.0.1', port), handler) as httpd:
        print(f'serving {site_dir} at http://127.0.0.1:{port}/ (Ctrl-C stops)')
        try: httpd.serve_forever()
        except KeyboardInterrupt: pass


@call_parse
def main(serve:bool=False, # after building, serve the site at http://127.0.0.1:PORT
         port:int=8000, # the port to preview on
         n_workers:int=2, # notebooks processed at once
        ):
    "Build the documentation site in _site/ without Quarto (MkDocs + Material)."
    build(n_workers)
    if serve: serve_site(port)
