"""Make README.md from nbs/index.ipynb without Quarto.

Where Quarto is installed, `nbdev_readme` does this job; on machines without it (these ones), this
script gives the same content with nbconvert: nbdev directives are honoured (`#| hide` and
`#| include: false` drop a cell, `#| echo: false` keeps only its outputs), the directive lines are
stripped, and figures are written to README_files/. CI runs it and fails when README.md changes.
"""
import re, shutil
from pathlib import Path

import nbformat
from nbconvert import MarkdownExporter
from traitlets.config import Config

root = Path(__file__).resolve().parent.parent
_directive = re.compile(r'^\s*#\|\s*([\w-]+)\s*:?\s*(.*?)\s*$')


def directives(src):
    "The nbdev directives at the top of a cell's source, as {name: value}, and the rest of it."
    lines, found = src.splitlines(), {}
    while lines and (m := _directive.match(lines[0])):
        found[m[1]] = m[2]
        lines.pop(0)
    return found, '\n'.join(lines)


def readme_notebook(nb):
    "Apply the directives nbdev's docs honour: drop hidden cells, tag echo-off ones."
    cells = []
    for cell in nb.cells:
        d, src = directives(cell.source) if cell.cell_type == 'code' else ({}, cell.source)
        if 'hide' in d or d.get('include') == 'false' or 'export' in d or 'default_exp' in d: continue
        cell.source = src
        if d.get('echo') == 'false': cell.metadata.setdefault('tags', []).append('remove_input')
        cells.append(cell)
    nb.cells = cells
    return nb


def main():
    nb = readme_notebook(nbformat.read(root/'nbs'/'index.ipynb', as_version=4))
    c = Config()
    c.TagRemovePreprocessor.enabled = True
    c.TagRemovePreprocessor.remove_input_tags = ('remove_input',)
    body, res = MarkdownExporter(config=c).from_notebook_node(nb, resources={'output_files_dir': 'README_files'})
    files = root/'README_files'
    shutil.rmtree(files, ignore_errors=True)
    for name, data in res.get('outputs', {}).items():
        (root/name).parent.mkdir(parents=True, exist_ok=True)
        (root/name).write_bytes(data)
    note = '<!-- Generated from nbs/index.ipynb (nbdev_readme, or tools/make_readme.py without Quarto): edit the notebook, not this file. -->\n\n'
    (root/'README.md').write_text(note + body.strip() + '\n', encoding='utf-8')


if __name__ == '__main__': main()
