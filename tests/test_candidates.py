"`bench/candidates.py`: a GenRec model scored with pools of candidates of several sizes, the size chosen on validation."
import json, sys
import pytest
from make_readme import ROOT

def test_pool_sizes_start_at_the_list_length():
    sys.path.insert(0, str(ROOT/'bench'))
    from candidates import pool_sizes
    assert pool_sizes('100,20,50,50', 20) == [20, 50, 100]
    for bad in ('50,100', '20,x'):
        with pytest.raises(SystemExit): pool_sizes(bad, 20)

def test_scores_each_pool_size_and_chooses_on_validation(bench_here, model_dir, tmp_path):
    folder, printed = model_dir
    code, out, err = bench_here('candidates.py', '--folders', str(folder), '--candidates', '20,40', '--users', '64', '--out', str(tmp_path), cwd=ROOT)
    assert code == 0, err
    r = json.loads((tmp_path/'candidates_small.json').read_text())
    row = r['runs'][folder.name]
    assert sorted(row['by_candidates']) == ['20', '40'] and row['chosen_on_valid'] in (20, 40)
    valid = {c: e['valid']['NDCG@10'] for c, e in row['by_candidates'].items()}
    assert valid[str(row['chosen_on_valid'])] == max(valid.values())
    base = row['by_candidates']['20']
    assert base['test'] == pytest.approx(printed['test'])   # a pool of k is the evaluation the run reported (same 64 test users)
    assert row['time_ratio']['20'] == 1.0 and base['test_top10']['recommended'] == 640
    assert (row['dataset'], row['model'], r['users'], r['split_chosen_on']) == ('beauty-mini', 'genrec', 64, 'valid')
    assert r['manifest']['git_commit']

def test_bad_requests_are_one_line_errors(bench_here, model_dir, tmp_path):
    folder, _ = model_dir
    for args, words in ((['--folders', str(tmp_path/'nothing*')], 'no finished model folder'),
                        (['--folders', str(folder), '--candidates', '50,100'], 'the smallest must be 20')):
        code, out, err = bench_here('candidates.py', *args, '--out', str(tmp_path), cwd=tmp_path)
        assert code != 0 and words in err and 'Traceback' not in err, err
    assert not list(tmp_path.glob('*.json'))
