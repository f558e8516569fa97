"The readers of the results files, called from the package itself (notebook cells around them cannot hide a missing import)."
import subprocess, sys
from make_readme import ROOT

CODE = """
import matplotlib; matplotlib.use('Agg')
from genrec.report import load_results, seed_summary, paper_table, comparison_rows
from genrec.ablation import pretraining_gains, gains_markdown, plot_pretraining
results = load_results('results')
assert seed_summary(results, 'sasrec', 'beauty', 'random', None, None).count('\\n') == 3
assert 'paper (Table 3)' in paper_table(results, pretrain=False)
assert len(pretraining_gains(results)) == 6 and gains_markdown(pretraining_gains(results)).startswith('| dataset')
assert len(plot_pretraining(results).axes) == 3
"""

def test_report_and_ablation_run_outside_their_notebooks():
    p = subprocess.run([sys.executable, '-c', CODE], cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert p.returncode == 0, p.stderr[-2000:]
