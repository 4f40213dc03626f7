"""The notebooks' widgets, used in JupyterLab in Chromium as a person would.

Starts its own JupyterLab on 127.0.0.1 (a free port, a random token, a temporary folder holding copies of
the notebooks, so nothing in nbs/ is touched), opens each notebook, imports the notebook's module into the
kernel (what the notebook's export cells define), runs the notebook's widget cell from the UI, drags a
slider with the mouse and checks that the displayed image changes. Saves a screenshot per widget. The
server, the kernels and the browser are stopped and the folders deleted even when a check fails.

    python tests/browser/test_jupyterlab.py [--out .ci/out] [--only 00_artifacts]
"""
import contextlib, hashlib, json, os, secrets, shutil, signal, subprocess, sys, tempfile, time, urllib.request
from pathlib import Path

from fastcore.script import call_parse

sys.path.insert(0, str(Path(__file__).resolve().parent))
from common import browser, free_port, root  # noqa: E402

# notebook, its module, text that picks out the widget cell, the slider to drag, a name for the screenshot
CASES = [
    ('00_artifacts', 'artifact_removal.artifacts', 'ex = artifact_explorer()', 'strength', 'artifact_explorer'),
    ('02_sparse_attention', 'artifact_removal.sparse_attention', 'ex = tau_explorer()', 'tau', 'tau_explorer'),
    ('03_flow', 'artifact_removal.flow', 'views = flow_views(*demo_clip()[1:3])', None, 'flow_explorer'),
]

JS_PANEL = '''(name) => [...window.jupyterapp.shell.widgets('main')].some(w => w.context && w.context.path === name)'''
JS_PREPARE = '''async ([module, marker, n, name]) => {
  const app = window.jupyterapp;
  const panel = [...app.shell.widgets('main')].find(w => w.context && w.context.path === name);
  app.shell.activateById(panel.id);
  await panel.context.ready; await panel.sessionContext.ready;
  for (let k = 0; k < 600 && panel.content.widgets.length < n; k++) await new Promise(r => setTimeout(r, 100));
  const kernel = panel.sessionContext.session.kernel;
  const reply = await kernel.requestExecute({code: `from ${module} import *`}).done;
  if (reply.content.status !== 'ok') return {error: `import ${module}: ${reply.content.ename}: ${reply.content.evalue}`};
  const nb = panel.content;
  const i = nb.widgets.findIndex(c => { const s = c.model.sharedModel.getSource();
                                        return s.includes(marker) && !s.startsWith('#| export'); });
  if (i < 0) return {error: `no cell containing ${marker}`};
  nb.activeCellIndex = i; nb.mode = 'command';
  return {index: i};
}'''
JS_RUN = '''async () => { await window.jupyterapp.commands.execute('notebook:run-cell'); return true; }'''
JS_OUTPUT_ERROR = '''(i) => { const c = window.jupyterapp.shell.currentWidget.content.widgets[i];
  const e = c.model.outputs.toJSON().find(o => o.output_type === 'error');
  return e ? `${e.ename}: ${e.evalue}` : null; }'''


@contextlib.contextmanager
def jupyterlab(folder:Path):
    "JupyterLab serving `folder` on 127.0.0.1 with a random token; yields (base URL, token); stops it on exit."
    port, token = free_port(), secrets.token_hex(16)
    home = Path(tempfile.mkdtemp(prefix='ar-jupyter-home-'))
    env = {**os.environ, 'JUPYTER_CONFIG_DIR': str(home/'config'), 'JUPYTER_RUNTIME_DIR': str(home/'runtime'),
           'IPYTHONDIR': str(home/'ipython'), 'MPLBACKEND': 'Agg', 'JUPYTER_PLATFORM_DIRS': '1'}
    cmd = [sys.executable, '-m', 'jupyterlab', '--no-browser', '--ip=127.0.0.1', f'--port={port}',
           '--ServerApp.port_retries=0', f'--IdentityProvider.token={token}', f'--ServerApp.root_dir={folder}',
           '--LabApp.expose_app_in_browser=True', f'--LabApp.workspaces_dir={home/"workspaces"}',
           f'--LabApp.user_settings_dir={home/"settings"}', '--LabApp.news_url=None',
           '--LabApp.check_for_updates_class=jupyterlab.NeverCheckForUpdate']
    if os.geteuid() == 0: cmd.append('--allow-root')  # CI and these machines run as root
    log = open(home/'server.log', 'w+')
    proc = subprocess.Popen(cmd, env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
    base = f'http://127.0.0.1:{port}/'
    try:
        for _ in range(120):
            if proc.poll() is not None: break
            try:
                urllib.request.urlopen(f'{base}api/status?token={token}', timeout=2); break
            except OSError: time.sleep(0.5)
        else: raise RuntimeError('JupyterLab did not answer within a minute')
        if proc.poll() is not None:
            log.seek(0); raise RuntimeError(f'JupyterLab stopped at start:\n{log.read()[-3000:]}')
        yield base, token
    finally:
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGTERM)  # the server and its kernels (its own process group)
            try: proc.wait(15)
            except subprocess.TimeoutExpired: os.killpg(proc.pid, signal.SIGKILL); proc.wait(5)
        log.close()
        shutil.rmtree(home, ignore_errors=True)


def digest(png:bytes) -> str: return hashlib.sha256(png).hexdigest()[:12]


def check_widget(ctx, base:str, token:str, case:tuple, out:Path) -> list:
    "Open the notebook, run its widget cell, drag a slider; the problems found."
    nb, module, marker, slider, shot = case
    page = ctx.new_page()
    problems = []
    try:
        # a workspace of its own, so the notebook of an earlier check is not what the page shows
        page.goto(f'{base}lab/workspaces/{shot}/tree/{nb}.ipynb?reset&token={token}', wait_until='domcontentloaded')
        page.wait_for_function('() => window.jupyterapp && window.jupyterapp.shell', timeout=120_000)
        page.wait_for_function(JS_PANEL, arg=f'{nb}.ipynb', timeout=120_000)
        page.wait_for_selector('.jp-Notebook .jp-Cell', timeout=120_000)
        n = len(json.loads((root/'nbs'/f'{nb}.ipynb').read_text())['cells'])
        r = page.evaluate(JS_PREPARE, [module, marker, n, f'{nb}.ipynb'])
        if 'error' in r: return [f'{nb}: {r["error"]}']
        i = r['index']
        page.evaluate(JS_RUN)
        cell = page.locator('.jp-Notebook .jp-Cell').nth(i)
        img = cell.locator('.jp-OutputArea img.widget-image, .jp-OutputArea .widget-image').first
        try: img.wait_for(state='visible', timeout=180_000)
        except Exception:
            err = page.evaluate(JS_OUTPUT_ERROR, i)
            return [f'{nb}: the widget cell showed no image' + (f' ({err})' if err else '')]
        page.wait_for_timeout(500)
        img.scroll_into_view_if_needed()
        before_src, before_png = img.get_attribute('src'), img.screenshot()
        sliders = cell.locator('.widget-slider')
        if slider: target = sliders.filter(has=page.locator('label', has_text=slider)).first
        else: target = sliders.first
        label = target.locator('label').first.inner_text() if target.count() else '?'
        readout = target.locator('.widget-readout').first
        before_readout = readout.inner_text() if readout.count() else ''
        handle = target.locator('.noUi-handle').first
        if not handle.count(): return [f'{nb}: no slider {slider or ""} in the widget']
        box, track = handle.bounding_box(), target.locator('.noUi-target').first.bounding_box()
        x, y = box['x'] + box['width'] / 2, box['y'] + box['height'] / 2
        dx = (track['x'] + track['width'] * 0.85) - x  # drag to 85% of the track
        if abs(dx) < 10: dx = -track['width'] * 0.5
        page.mouse.move(x, y); page.mouse.down(); page.mouse.move(x + dx / 2, y, steps=5)
        page.mouse.move(x + dx, y, steps=5); page.mouse.up()
        after_readout = readout.inner_text() if readout.count() else ''
        changed = False
        for _ in range(120):  # the kernel recomputes the image; allow for a busy CPU
            page.wait_for_timeout(500)
            if img.get_attribute('src') != before_src and digest(img.screenshot()) != digest(before_png):
                changed = True; break
        out.mkdir(parents=True, exist_ok=True)
        with contextlib.suppress(Exception):  # JupyterLab's question about its news feed covers the widget
            page.locator('.jp-toast-button', has_text='No').first.click(timeout=2000)
        cell.scroll_into_view_if_needed()
        page.screenshot(path=str(out/f'jupyterlab_{shot}.png'))
        print(f'{nb}: slider {label!r} {before_readout} -> {after_readout}; image {digest(before_png)} -> '
              f'{digest(img.screenshot())}; screenshot {out/f"jupyterlab_{shot}.png"}')
        if before_readout == after_readout: problems.append(f'{nb}: dragging the {label} slider did not move it')
        if not changed: problems.append(f'{nb}: the image did not change after the {label} slider moved')
    except Exception as e:
        problems.append(f'{nb}: {type(e).__name__}: {e}')
        with contextlib.suppress(Exception): page.screenshot(path=str(out/f'jupyterlab_{shot}_failed.png'))
    finally:
        with contextlib.suppress(Exception): page.close()
    return problems


@call_parse
def main(out:str='.ci/out', # where the screenshots go
         only:str='', # comma-separated notebook names to check (default: all)
        ):
    "Check the notebooks' widgets in JupyterLab; exit 1 listing every problem."
    t0, out = time.time(), root/out
    cases = [c for c in CASES if not only or c[0] in only.split(',')]
    folder = Path(tempfile.mkdtemp(prefix='ar-lab-'))
    problems = []
    try:
        for nb, *_ in cases:  # copies, so an autosave cannot touch nbs/; a kernel named, so no kernel dialog
            d = json.loads((root/'nbs'/f'{nb}.ipynb').read_text())
            d['metadata']['kernelspec'] = {'name': 'python3', 'display_name': 'Python 3', 'language': 'python'}
            (folder/f'{nb}.ipynb').write_text(json.dumps(d))
        with jupyterlab(folder) as (base, token), browser(1400, 1000) as ctx:
            for case in cases: problems += check_widget(ctx, base, token, case, out)
    finally: shutil.rmtree(folder, ignore_errors=True)
    for p in problems: print('FAIL', p)
    print(f'jupyterlab test: {len(cases)} widget(s), {len(problems)} problem(s) in {time.time()-t0:.0f} s')
    sys.exit(1 if problems else 0)
