"""A Colab badge under the title of every chapter notebook, derived from `[project.urls] Repository` in pyproject.toml.

`python tests/colab_badges.py` writes or updates the badge cells; tests/test_docs.py checks they are current.
"""
import json, re, tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
MARK = '<!-- colab badge: written by tests/colab_badges.py from pyproject.toml -->'

def repository():
    "owner/name of the repository, from pyproject.toml."
    url = tomllib.loads((ROOT/'pyproject.toml').read_text())['project']['urls']['Repository']
    return re.match(r'https://github\.com/([^/]+/[^/]+?)/?$', url).group(1)

def chapters(): return sorted(p for p in (ROOT/'nbs').glob('[0-9]*.ipynb'))

def badge_source(nb:Path):
    "The badge cell's markdown for notebook `nb`."
    repo = repository()
    return (f"{MARK}\n[![Open In Colab](https://colab.research.google.com/assets/colab-badge.svg)]"
            f"(https://colab.research.google.com/github/{repo}/blob/main/nbs/{nb.name})  \n"
            f"On Colab, first run `!pip install git+https://github.com/{repo}` (and pick a GPU runtime for the `cuda` cells).")

def badge_cells(nb:Path):
    "Markdown cells of `nb` that hold a badge."
    return [c for c in json.loads(nb.read_text())['cells'] if c['cell_type'] == 'markdown' and MARK in ''.join(c['source'])]

def write_badges():
    "Put the current badge right after the title cell of every chapter notebook."
    for nb in chapters():
        d = json.loads(nb.read_text())
        src = badge_source(nb).split('\n')
        src = [l + '\n' for l in src[:-1]] + [src[-1]]
        old = [i for i, c in enumerate(d['cells']) if c['cell_type'] == 'markdown' and MARK in ''.join(c['source'])]
        if old == [1] and d['cells'][1]['source'] == src: continue             # current: leave the file alone
        cell = d['cells'][old[0]] if old else dict(cell_type='markdown', metadata={})
        cell['source'] = src
        d['cells'] = [c for i, c in enumerate(d['cells']) if i not in old]
        d['cells'].insert(1, cell)
        nb.write_text(json.dumps(d, indent=1, ensure_ascii=False) + '\n')

if __name__ == '__main__': write_badges()
