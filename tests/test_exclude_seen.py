"`bench/exclude_seen.py`: every model under both protocols, history items as candidates (the headline) and masked (RecBole's)."
import json, sys
from make_readme import ROOT

def test_history_use_counts_the_last_item_on_top_and_history_slots():
    sys.path.insert(0, str(ROOT/'bench'))
    from exclude_seen import history_use
    u = history_use([[3, 1, 9], [7, 8], []], [[1, 2, 3], [5, 6], [4]])
    assert u == dict(top1_is_last_item=1/3, top10_history_share=2/5)

def test_scores_a_model_folder_both_ways_on_its_runs_users(bench_here, model_dir, tmp_path):
    folder, printed = model_dir
    code, out, err = bench_here('exclude_seen.py', '--dataset', 'beauty-mini', '--folders', str(folder), '--no-baselines', '--out', str(tmp_path), cwd=ROOT)
    assert code == 0, err
    r = json.loads((tmp_path/'exclude_seen_beauty-mini.json').read_text())
    row = r['runs'][folder.name]
    assert row['test'] == printed['test']   # the headline metrics of the run, recomputed on the same 64 users
    assert set(row['test_exclude_seen']) == set(row['test']) and row['eval_users'] == 64
    assert (row['model'], row['profile'], row['pretrain']) == ('genrec', 'tiny', True)
    assert 0 <= row['top1_is_last_item'] <= 1 and 0 <= row['top10_history_share'] <= 1
    assert r['manifest']['git_commit'] and r['manifest']['dataset_sha256'] and 0 <= r['test_targets_in_history'] <= 1
    # a second dataset's folder is refused with one line and the file is left as it was
    code, out, err = bench_here('exclude_seen.py', '--dataset', 'beauty', '--folders', str(folder), '--no-baselines', '--out', str(tmp_path), cwd=ROOT)
    assert code != 0 and 'trained on beauty-mini, not --dataset beauty' in err and 'Traceback' not in err
    assert not (tmp_path/'exclude_seen_beauty.json').exists()

def test_no_model_folder_is_a_one_line_error(bench_here, tmp_path):
    code, out, err = bench_here('exclude_seen.py', '--folders', str(tmp_path/'nothing*'), '--out', str(tmp_path), cwd=tmp_path)
    assert code != 0 and 'no model folder with a metrics.json' in err and 'Traceback' not in err
    assert not list(tmp_path.glob('*.json'))
