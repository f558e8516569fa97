"""The module map follows the chapters: each module is named after its notebook, and imports only modules of earlier chapters
or self-contained ones (modules that import no other part of genrec, or only such modules: `files`, `item_codes`, `tokenizer`,
`runtime`, `data`, `scaling`), so that the graph has one direction, data at the bottom and the command line at the top."""
import ast, re
from make_readme import ROOT

def chapter_order():
    "Notebooks in the order of the site's sidebar."
    return re.findall(r'^\s*- (\w+)\.ipynb\s*$', (ROOT/'nbs'/'sidebar.yml').read_text(), re.M)

def exported_module(nb):
    "The module a notebook exports to (`#| default_exp`), or None."
    m = re.search(r'#\| default_exp (\w+)', (ROOT/'nbs'/f'{nb}.ipynb').read_text())
    return m and m.group(1)

def genrec_imports(module):
    "The genrec modules `genrec/{module}.py` imports, at its top or inside functions."
    found = set()
    for node in ast.walk(ast.parse((ROOT/'genrec'/f'{module}.py').read_text())):
        if isinstance(node, ast.ImportFrom) and node.level == 1:
            found |= {node.module.split('.')[0]} if node.module else {a.name for a in node.names}
        elif isinstance(node, ast.ImportFrom) and (node.module or '').startswith('genrec.'): found.add(node.module.split('.')[1])
    return found - {module}

def self_contained(modules):
    "Modules that import no genrec module, and, repeatedly, those that import only such modules (`runtime` imports `files`; `scaling`, both)."
    leaves = {m for m in modules if not genrec_imports(m)}
    while grown := {m for m in modules - leaves if genrec_imports(m) <= leaves}: leaves |= grown
    return leaves

def test_modules_are_named_after_their_chapters():
    for nb in chapter_order():
        module = exported_module(nb)
        if module: assert re.sub(r'^\d+[a-z]?_', '', nb) == module, f"{nb}.ipynb exports genrec.{module}"

def test_imports_follow_the_chapter_order():
    order = [m for nb in chapter_order() if (m := exported_module(nb))]
    modules = {p.stem for p in (ROOT/'genrec').glob('*.py') if not p.stem.startswith('_')}
    assert set(order) == modules, modules ^ set(order)   # every module has a chapter on the site
    leaves = self_contained(modules)
    assert {'files', 'runtime'} <= leaves
    against = [(m, i) for m in order for i in sorted(genrec_imports(m)) if i not in leaves and order.index(i) > order.index(m)]
    assert not against, f"imports against the chapter order (module, the later module it imports): {against}"
