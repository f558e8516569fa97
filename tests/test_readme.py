"The README is the rendered index notebook, and CI runs its two set-up commands verbatim."
import re
from make_readme import ROOT, render_readme

def readme_commands():
    return re.findall(r'```sh\n(.+?)\n```', (ROOT/'README.md').read_text())

def test_readme_matches_index_notebook():
    assert (ROOT/'README.md').read_text() == render_readme(), "README.md is stale: run `python tests/make_readme.py`"

def test_ci_runs_the_readme_commands_verbatim():
    install, tests = readme_commands()[:2]
    ci = (ROOT/'.ci'/'run').read_text().splitlines()
    assert install in ci and tests in ci

def test_readme_links_point_to_notebooks_that_exist():
    for target in re.findall(r'\]\(([^)#]+\.ipynb)', (ROOT/'README.md').read_text()):
        assert (ROOT/target).exists(), target
