"bench/gpu_run.py through the same code path on a CPU: the smoke mode with the tiny profile."
import json, sys
from pathlib import Path
from test_data_cli import run
from conftest import OFFLINE

ROOT = Path(__file__).parent.parent

def test_smoke_run_writes_a_result_with_phase_timings(tmp_path):
    code, stdout, stderr = run(sys.executable, str(ROOT/'bench'/'gpu_run.py'), '--smoke', '--profile', 'tiny', '--dataset', 'beauty-mini',
                               '--runs', str(tmp_path), '--out', str(tmp_path/'results'), **OFFLINE)
    assert code == 0, stderr[-3000:]
    printed = json.loads(stdout.strip().splitlines()[-1])
    r = json.loads(Path(printed['file']).read_text())
    assert Path(printed['file']).parent.parent == tmp_path and not (tmp_path/'results').exists()   # smoke runs stay out of results/
    assert (r['model'], r['profile'], r['pretrain'], r['gpu']['device']) == ('genrec', 'tiny', True, 'cpu')
    phases = r['gpu']['phases']
    assert set(phases) == {'pretrain', 'finetune', 'evaluate'} and all(p['seconds'] > 0 for p in phases.values())
    assert phases['pretrain']['examples'] == phases['finetune']['examples'] == 3 * r['settings']['bs']   # three batches each
    assert set(r['metrics']['test']) >= {'HR@1', 'HR@5', 'HR@10', 'NDCG@5', 'NDCG@10'} and r['settings']['smoke'] is True
