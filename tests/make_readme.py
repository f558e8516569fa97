"""README.md from nbs/index.ipynb without Quarto (which `nbdev-readme` needs).

Hidden cells are dropped, `#|` directives removed, `echo: false` cells keep only their output.
`python tests/make_readme.py` rewrites README.md; tests/test_readme.py checks the two agree.
"""
import re
from pathlib import Path
import nbformat
from nbconvert import MarkdownExporter

ROOT = Path(__file__).resolve().parent.parent

def _directives(src):
    return {m.group(1).strip(): m.group(2).strip() for m in re.finditer(r'^#\|\s*([\w-]+)\s*:?\s*(.*)$', src, re.M)}

def render_readme(nb_path=ROOT/'nbs'/'index.ipynb'):
    "The text README.md should hold, rendered from the saved outputs of `nb_path`."
    nb = nbformat.read(nb_path, as_version=4)
    cells = []
    for c in nb.cells:
        c.metadata = {}                                          # run timings and the like are not content
        if c.cell_type == 'code':
            d = _directives(c.source)
            if 'hide' in d or 'export' in d or 'exporti' in d: continue
            c.source = '' if d.get('echo') == 'false' else re.sub(r'^#\|.*\n?', '', c.source, flags=re.M)
        cells.append(c)
    nb.cells = cells
    body, _ = MarkdownExporter(exclude_input_prompt=True, exclude_output_prompt=True).from_notebook_node(nb)
    body = re.sub(r'```\w*\n\s*```\n', '', body)                # inputs emptied by `echo: false`
    body = re.sub(r'\]\((\w+\.ipynb)', r'](nbs/\1', body)           # chapters, from the repository root
    body = re.sub(r'\n{3,}', '\n\n', body).strip() + '\n'
    return "<!-- Generated from nbs/index.ipynb by tests/make_readme.py; edit the notebook, not this file. -->\n\n" + body

if __name__ == '__main__': (ROOT/'README.md').write_text(render_readme())
