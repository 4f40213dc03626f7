"Shared by the browser tests: the system Chromium driven by Playwright, a free port, a loopback file server."
import contextlib, shutil, socket, tempfile, threading
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

root = Path(__file__).resolve().parents[2]
CHROMIUM = shutil.which('chromium') or '/usr/bin/chromium'
# Debian's Chromium, headless, touching nothing outside this machine
FLAGS = ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
         '--disable-component-update', '--disable-sync', '--disable-dev-shm-usage']


def free_port() -> int:
    "A TCP port on 127.0.0.1 that nothing listens on now."
    with socket.socket() as s:
        s.bind(('127.0.0.1', 0))
        return s.getsockname()[1]


class _Quiet(SimpleHTTPRequestHandler):
    def log_message(self, *a): pass


@contextlib.contextmanager
def serve_dir(path:Path):
    "Serve `path` on 127.0.0.1 at a port the OS picks; yields the base URL; stops the server on exit."
    httpd = ThreadingHTTPServer(('127.0.0.1', 0), partial(_Quiet, directory=str(path)))
    t = threading.Thread(target=httpd.serve_forever, daemon=True)
    t.start()
    try: yield f'http://127.0.0.1:{httpd.server_address[1]}/'
    finally:
        httpd.shutdown(); httpd.server_close(); t.join(5)


@contextlib.contextmanager
def browser(width:int=1280, height:int=900):
    "A browser context of the system Chromium with a fresh profile (deleted on exit, even after a failure)."
    from playwright.sync_api import sync_playwright
    if not Path(CHROMIUM).exists():
        raise SystemExit(f'no Chromium at {CHROMIUM}: apt-get install -y chromium (never `playwright install`)')
    profile = tempfile.mkdtemp(prefix='ar-chromium-')
    try:
        with sync_playwright() as p:
            ctx = p.chromium.launch_persistent_context(profile, executable_path=CHROMIUM, headless=True, args=FLAGS,
                                                       viewport={'width': width, 'height': height})
            try: yield ctx
            finally: ctx.close()
    finally: shutil.rmtree(profile, ignore_errors=True)
