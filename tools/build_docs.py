"""Build the documentation site without Quarto: nbdev's processed notebooks, through MkDocs (Material).

Where Quarto is installed, `nbdev_docs` builds the site (and `nbdev_preview` previews it) from
nbs/_quarto.yml and nbs/sidebar.yml. Quarto cannot be installed on every machine (none is reachable
from these ones), so this script builds the same pages another way:

1. each notebook goes through nbdev's own processing (what `nbdev_proc_nbs` does, one notebook at a
   time so every failure is reported; Quarto is not needed for it): `show_doc` cells are added and run,
   hidden and exported cells dropped, backticked names turned into links. The results go to `_proc/`.
2. each processed notebook becomes a Markdown page with nbconvert: the nbdev directives Quarto would
   honour are applied (`echo: false`, `output: asis`, `include: false`), figures are written as files,
   and links to the documentation host become links between pages.
3. MkDocs with the Material theme builds `_site/` from them, with navigation from nbs/sidebar.yml
   and its own search. Nothing on the pages loads from the internet (no web fonts, no CDN scripts).

Interactive widgets (ipywidgets) are embedded from widget state, with the static figure each notebook
saves beside them and a line saying that moving the controls needs a live kernel (an embedded widget
shows the state it was saved in: without a kernel its callbacks do not run):
- the state comes from the notebook when it was saved with the state of every widget it shows
  (JupyterLab's "Save Widget State Automatically"; nbdev_clean keeps it, in `metadata.widgets`);
  otherwise the notebook runs in a Jupyter kernel with nbclient, which records the state, and the fresh
  widget views are matched to the page's cells by cell id. Only the cells nbdev_test runs are run (not
  `eval: false`, not a flag of settings.ini's tst_flags), plus every cell that shows a widget: a widget
  that needs a skipped cell (02's mask viewer needs a net trained for ten minutes) keeps the note.
  `--fresh-widgets` runs every notebook with a widget; `--widget-timeout` bounds each cell.
- the pages render it with ipywidgets' HTML manager (npm `@jupyter-widgets/html-manager`, the version
  range the installed ipywidgets names; its standalone `dist/embed.js` with the fonts it loads), fetched
  once by `npm pack` into `_docs_cache/` (git-ignored) and copied into the site.
- a widget the build cannot embed (its cell failed or timed out, the kernel died, npm or the registry
  is missing) keeps the note that it needs a live kernel, and the build prints `widgets: FALLBACK: ...`
  with the reason. The build does not fail for it: the page is still right (note and static figure),
  some fallbacks are expected for good (a widget built on a `#| notest` cell), and a docs preview should
  not need a kernel. CI fails instead in tests/browser/test_site.py, when an embedded widget does not
  render or when the page of a notebook that shows a widget embeds none (every one fell back: a broken
  kernel, npm or widget is caught there, loudly, without blocking a local build).

With Quarto, `nbdev_docs` shows widgets its own way: nbdev's processing keeps `metadata.widgets`, and
adds the state of widgets made by `#| exec_doc` cells (which nbdev runs, in its own shell, while it
processes the docs), and Quarto embeds widgets from that state, loading the HTML manager from a CDN (so
its readers need the internet). There, a notebook saved with widget state (00_artifacts today) shows its
widget; one saved without it (02_sparse_attention and 03_flow today) cannot show a live widget, only the
static figure beside it (what Quarto puts in the widget's place was not checked: Quarto cannot be
installed here). This script's kernel run is not part of `nbdev_docs`.

    python tools/build_docs.py            # build _site/ (2-3 minutes: two notebooks run in kernels)
    python tools/build_docs.py --serve    # build, then preview at http://127.0.0.1:8000
"""
import concurrent.futures as cf, json, multiprocessing as mp, os, re, shutil, subprocess, sys, tarfile, time
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
cache_dir = root/'_docs_cache'  # git-ignored; survives builds (the npm tarball of the widget renderer)
WIDGET = 'application/vnd.jupyter.widget-view+json'
WIDGET_STATE = 'application/vnd.jupyter.widget-state+json'
WIDGET_NOTE = ('*An interactive widget: it needs a live kernel, so it works when this notebook is open '
               'in JupyterLab (`jupyter lab nbs`). The docs show the static figure saved beside it.*')
EMBED_NOTE = ('*The widget in the state the notebook left it: its controls need a live kernel to change the image '
              '(open the notebook in JupyterLab: `jupyter lab nbs`). The static figure beside it shows the same panels.*')
EMBED_DIR = 'assets/ipywidgets'  # where the renderer goes in the site (every page is at the top level)


def notebooks(nbs:Path) -> list:
    "The notebooks nbdev would document: nbs/*.ipynb, less the ones whose names start with _ or ."
    return sorted(p for p in nbs.glob('*.ipynb') if not p.name.startswith(('_', '.')))


def widget_cells(nb) -> dict:
    "{cell id: number of widget views} for the code cells whose saved outputs show an ipywidgets view."
    n = {c.get('id'): sum(WIDGET in o.get('data', {}) for o in c.get('outputs', [])) for c in nb.cells if c.cell_type == 'code'}
    return {k: v for k, v in n.items() if v}


def _views(cell) -> list:
    "The model ids of the widget views among a cell's outputs, in order."
    return [o['data'][WIDGET]['model_id'] for o in cell.get('outputs', []) if WIDGET in o.get('data', {})]


def _reachable(state:dict, roots) -> dict:
    "The part of a widget state that the views `roots` use (a view's children, layouts and styles, recursively)."
    seen, todo = set(), [r for r in roots if r in state]
    while todo:
        k = todo.pop()
        if k in seen: continue
        seen.add(k)
        todo += [m for m in re.findall(r'IPY_MODEL_([0-9a-f]+)', json.dumps(state[k]['state'])) if m in state and m not in seen]
    return {k: state[k] for k in state if k in seen}


def saved_widgets(nb):
    "The widget state a notebook was saved with, when it covers every view in its outputs (JupyterLab's "
    "'Save Widget State Automatically'; nbdev_clean keeps it); else None."
    state = nb.metadata.get('widgets', {}).get(WIDGET_STATE, {}).get('state', {})
    views = [m for c in nb.cells if c.cell_type == 'code' for m in _views(c)]
    if not views or not all(m in state for m in views): return None
    return {'state': _reachable(state, views), 'views': {c.id: _views(c) for c in nb.cells if c.get('id') in widget_cells(nb)},
            'errors': {}, 'how': 'widget state saved in the notebook'}


def run_widgets(path:Path, timeout:int=300, skip_flags:tuple=()) -> dict:
    "Run a notebook in a Jupyter kernel (nbclient records widget state); its widget state, fresh views by cell id, and errors."
    from nbclient import NotebookClient
    t0, nb = time.time(), nbformat.read(path, as_version=4)
    wanted = widget_cells(nb)
    def runs(c):  # what nbdev_test runs (no `eval: false`, no test flag), and every cell that shows a widget
        if c.cell_type != 'code': return False
        d, _ = directives(c.source)
        return c.get('id') in wanted or not (d.get('eval') == 'false' or any(f in d for f in skip_flags))
    nb.cells = [c for c in nb.cells if runs(c)]
    for c in nb.cells: c.outputs = []
    client = NotebookClient(nb, timeout=timeout, kernel_name='python3', allow_errors=True, store_widget_state=True,
                            resources={'metadata': {'path': str(path.parent)}})
    failure = None
    try: client.execute()
    except Exception as e:  # a timeout or a dead kernel: keep the widgets of the cells that finished
        failure = f'{type(e).__name__}: {str(e).strip().splitlines()[0] if str(e).strip() else ""}'
        client.set_widgets_metadata()
    state = nb.metadata.get('widgets', {}).get(WIDGET_STATE, {}).get('state', {})
    views, errors = {}, {}
    for c in nb.cells:
        if c.get('id') not in wanted: continue
        err = next((o for o in c.outputs if o.output_type == 'error'), None)
        ids = [m for m in _views(c) if m in state]
        if err: errors[c.id] = f"{err['ename']}: {err['evalue']}" + (
            ' (it needs a cell the build does not run: `eval: false` or a test flag)' if err['ename'] == 'NameError' else '')
        elif not ids: errors[c.id] = failure or 'it showed no widget'
        else: views[c.id] = ids
    return {'state': _reachable(state, [m for v in views.values() for m in v]), 'views': views, 'errors': errors,
            'how': f'run in a kernel in {time.time()-t0:.0f} s' + (f' ({failure})' if failure else '')}


def html_manager(spec:str) -> Path:
    "The dist/ folder of the npm package @jupyter-widgets/html-manager@spec, fetched once with `npm pack` into _docs_cache/."
    d = cache_dir/'html-manager'/re.sub(r'[^\w.-]', '_', spec)
    if (d/'package'/'dist'/'embed.js').exists(): return d/'package'/'dist'
    npm = shutil.which('npm')
    if not npm: raise RuntimeError('npm is not installed (apt-get install -y npm)')
    d.mkdir(parents=True, exist_ok=True)
    r = subprocess.run([npm, 'pack', f'@jupyter-widgets/html-manager@{spec}', '--json', '--pack-destination', str(d)],
                       capture_output=True, text=True, timeout=300)
    if r.returncode: raise RuntimeError(f'npm pack @jupyter-widgets/html-manager@{spec} failed: {r.stderr.strip()[-500:]}')
    info = json.loads(r.stdout)[0]  # npm checks the tarball against the registry's integrity hash
    with tarfile.open(d/info['filename']) as t:  # the 'data' filter (no links out, no absolute paths) where Python has it
        t.extractall(d, **({'filter': 'data'} if hasattr(tarfile, 'data_filter') else {}))
    print(f"fetched @jupyter-widgets/html-manager {info['version']} ({info['integrity'][:20]}...) into {d}")
    return d/'package'/'dist'


def vendor_html_manager(docs:Path) -> str:
    "Copy the standalone ipywidgets renderer (embed.js and the fonts it loads) into the site; its version."
    import ipywidgets
    from ipywidgets._version import __html_manager_version__ as spec  # the html-manager this ipywidgets speaks to
    dist = html_manager(spec)
    out = docs/EMBED_DIR
    out.mkdir(parents=True, exist_ok=True)
    for f in dist.iterdir():  # the AMD builds (for require.js) and the source map are not needed
        if f.is_file() and not f.name.endswith('.map') and 'amd' not in f.name: shutil.copy(f, out/f.name)
    version = json.loads((dist.parent/'package.json').read_text())['version']
    return f'@jupyter-widgets/html-manager {version} (for ipywidgets {ipywidgets.__version__})'


def apply_widgets(nb, w:dict|None) -> set:
    "Put the widget views of `w` (from `saved_widgets` or `run_widgets`) into the processed notebook `nb`, matched "
    "by cell id; the model ids embedded. Views left out keep the note."
    if not w: return set()
    done = set()
    for c in nb.cells:
        fresh = list(w['views'].get(c.get('id'), []))
        for o in c.get('outputs', []):
            if WIDGET in o.get('data', {}) and fresh:
                o['data'][WIDGET] = {**o['data'][WIDGET], 'model_id': fresh[0]}
                done.add(fresh.pop(0))
    nb.metadata['widgets'] = {WIDGET_STATE: {'state': _reachable(w['state'], done), 'version_major': 2, 'version_minor': 0}}
    return done


def proc_notebooks(nbs:Path, ex:cf.Executor) -> list:
    "Process every notebook into _proc/ as `nbdev_proc_nbs` does, in the process pool `ex`; the (notebook, error) pairs that failed."
    shutil.rmtree(proc_dir, ignore_errors=True)
    proc_dir.mkdir()
    failed = []
    # nbdev's own driver and processors, each notebook in a fresh process as `nbdev_proc_nbs` runs them
    futs = {ex.submit(serve_drv.main, (nb, proc_dir/nb.name, FilterDefaults)): nb for nb in notebooks(nbs)}
    for f in cf.as_completed(futs):
        if f.exception(): failed.append((futs[f].name, f.exception()))
    return failed


def start_widgets(nbs:Path, ex:cf.Executor, timeout:int, flags:tuple, fresh:bool=False) -> dict:
    "{notebook stem: its widgets (saved state) or a future of `run_widgets`} for the notebooks that show a widget."
    out = {}
    for p in notebooks(nbs):
        nb = nbformat.read(p, as_version=4)
        if not widget_cells(nb): continue
        w = None if fresh else saved_widgets(nb)
        out[p.stem] = w or ex.submit(run_widgets, p, timeout, flags)
    return out


def finish_widgets(started:dict, docs:Path) -> dict:
    "The widgets of each notebook, with the renderer copied into the site; says on the console what each page shows."
    ws = {}
    for stem, w in started.items():
        if isinstance(w, cf.Future):
            try: w = w.result()
            except Exception as e: w = {'state': {}, 'views': {}, 'errors': {'*': f'{type(e).__name__}: {e}'}, 'how': 'could not run'}
        ws[stem] = w
    if not ws: return ws
    try: print(f'widgets: rendered in the pages by {vendor_html_manager(docs)}, copied into the site')
    except Exception as e:  # a stated fallback: the pages keep the note and the static figures
        print(f'widgets: FALLBACK: no widget renderer ({type(e).__name__}: {e}); every widget shows the note instead')
        return {}
    return ws


def report_widgets(stem:str, w:dict, embedded:set, nb) -> list:
    "Lines saying which widgets of a page are embedded and which fell back to the note, and why."
    total = sum(widget_cells(nb).values())
    lines = [f'widgets: {stem}: {len(embedded)} of {total} embedded ({w["how"]})']
    for cid, err in w['errors'].items():
        lines.append(f'widgets: FALLBACK: {stem}' + ('' if cid == '*' else f' cell {cid}') + f' shows the note: {err}')
    return lines


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
    cells, state = [], nb.metadata.get('widgets', {}).get(WIDGET_STATE, {}).get('state', {})
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
            if WIDGET in o.get('data', {}): o['data'] = _widget_output(o['data'][WIDGET], state)
        cells.append(cell)
    if any(m in state for c in cells for m in _views_html(c)):  # the state the views render from, and the renderer
        cells.append(nbformat.v4.new_markdown_cell(
            f'<script type="{WIDGET_STATE}">{_script_json(nb.metadata.widgets[WIDGET_STATE])}</script>\n'
            f'<script src="{EMBED_DIR}/embed.js"></script>'))
    nb.cells = cells
    return nb


def _script_json(o) -> str:
    "JSON to put inside a <script> element (a `</` in it would end the element)."
    return json.dumps(o, separators=(',', ':')).replace('</', '<\\/')


def _widget_output(view:dict, state:dict) -> dict:
    "A widget view's output on the page: the embedded widget and a line on what it can do, or the note."
    if view['model_id'] not in state: return {'text/markdown': WIDGET_NOTE}
    return {'text/html': f'<div class="ar-widget"><script type="{WIDGET}">{_script_json(view)}</script></div>\n\n'
                         f'{EMBED_NOTE}'}  # after a blank line, Markdown again


def _views_html(cell) -> list:
    "The model ids of the embedded widget views among a (docs) cell's outputs."
    return [m for o in cell.get('outputs', []) for m in re.findall(r'"model_id":"([0-9a-f]+)"', o.get('data', {}).get('text/html', ''))]


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


def build(n_workers:int=2, widget_timeout:int=600, fresh_widgets:bool=False) -> Path:
    "Build _site/ from the notebooks; raise with every problem found."
    cfg = get_config()
    nbs, t0 = cfg.nbs_path, time.time()
    flags = tuple(cfg.get('tst_flags', '').split())
    with cf.ProcessPoolExecutor(n_workers, mp_context=mp.get_context('spawn')) as ex:
        started = start_widgets(nbs, ex, widget_timeout, flags, fresh_widgets)  # first: the kernels take longest
        failed = proc_notebooks(nbs, ex)
        print(f'processed {len(notebooks(nbs))-len(failed)} of {len(notebooks(nbs))} notebooks into {proc_dir} in {time.time()-t0:.0f} s')
        shutil.rmtree(src_dir, ignore_errors=True)
        docs = src_dir/'docs'
        docs.mkdir(parents=True)
        widgets = finish_widgets(started, docs)

    procs = {p.stem: nbformat.read(p, as_version=4) for p in sorted(proc_dir.glob('*.ipynb'))}
    for stem, nb in procs.items():
        nb.metadata.pop('widgets', None)  # only what apply_widgets puts back is embedded (the renderer may be missing)
        if stem in widgets: print(*report_widgets(stem, widgets[stem], apply_widgets(nb, widgets[stem]), nb), sep='\n')
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
         widget_timeout:int=600, # seconds one cell may take when a notebook runs for its widgets' state
         fresh_widgets:bool=False, # run every notebook with a widget, even one saved with its widget state
        ):
    "Build the documentation site in _site/ without Quarto (MkDocs + Material)."
    build(n_workers, widget_timeout, fresh_widgets)
    if serve: serve_site(port)
