"`bench/longer.py`: continues a stopped run in a copy of its folder and scores its kept and its last checkpoint."
import json
from conftest import run_bench

TINY = ['--dataset', 'beauty-mini', '--profile', 'tiny', '--item-ids', 'random', '--pretrain-epochs', '1', '--eval-users', '64']

def test_continues_a_copy_and_scores_both_checkpoints(tmp_path):
    code, _, err = run_bench('train.py', *TINY, '--epochs', '1', '--valid-users', '64', cwd=tmp_path, timeout=600)
    assert code == 0, err[-2000:]
    canonical = (tmp_path/'results'/'genrec_tiny_beauty-mini_random_pretrain.json').read_text()
    code, out, err = run_bench('longer.py', *TINY, '--epochs', '2', cwd=tmp_path, timeout=600)
    assert code == 0, err[-2000:]
    r = json.loads((tmp_path/'results'/'longer_tiny_beauty-mini_random.json').read_text())
    assert (r['stopped']['finetune_epochs_run'], r['continued']['finetune_epochs_run'], r['last_epoch']['epoch']) == (1, 2, 2)
    assert r['continued']['valid_ndcg10_per_epoch'][0] == r['stopped']['valid_ndcg10_per_epoch'][0]   # resumed, not retrained
    assert set(r['last_epoch']['metrics']) == {'valid', 'test'} and 'NDCG@10' in r['last_epoch']['metrics']['test']
    assert (tmp_path/'results'/'genrec_tiny_beauty-mini_random_pretrain.json').read_text() == canonical   # the stopped run is left as it was
    assert (tmp_path/'runs'/'longer'/'genrec_tiny_beauty-mini_random_pretrain'/'metrics.json').is_file()

def test_without_a_finished_run_is_a_one_line_error(bench_here, tmp_path):
    code, out, err = bench_here('longer.py', *TINY, cwd=tmp_path)
    assert code != 0 and 'no finished run to continue' in err and 'Traceback' not in err
    assert not (tmp_path/'runs').exists()
