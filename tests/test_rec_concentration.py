"`bench/rec_concentration.py`: how much of a model's top-k lists the most popular items take."
import json, sys
from make_readme import ROOT

def test_counts_popular_distinct_and_seen_items():
    sys.path.insert(0, str(ROOT/'bench'))
    from rec_concentration import concentration
    c = concentration([[1, 2], [1, 3]], [[2], [5]], {1})
    assert c == dict(popular_share=0.5, distinct_items=3, recommended=4, seen_share=0.25)
    from tune import best_epoch   # the epoch rec_concentration reports as kept
    assert best_epoch({'finetune': [[1.0, 1.0, 0.01], [0.9, 1.1, 0.03], [0.8, 1.2, 0.03]]}) == 2   # the first of ties

def test_scores_a_trained_model_folder(bench_here, model_dir, tmp_path):
    folder, _ = model_dir
    code, out, err = bench_here('rec_concentration.py', '--folders', str(folder), '--users', '50', '--k', '5', '--out', str(tmp_path), cwd=ROOT)   # in the repository: the manifest's commit
    assert code == 0, err
    r = json.loads((tmp_path/'rec_concentration_small.json').read_text())
    run = r['runs'][folder.name]
    assert run['recommended'] == 250 and 5 <= run['distinct_items'] <= 250 and 0 <= run['popular_share'] <= 1
    assert (run['dataset'], run['chosen_epoch'], run['finetune_epochs_run']) == ('beauty-mini', 1, 1)
    assert 0 <= run['targets_popular_share'] <= 1 and run['hyperparameters'] == json.loads((folder/'metrics.json').read_text())['hyperparameters']
    assert r['manifest']['git_commit'] and r['dataset_sha256']['beauty-mini']
    f = tmp_path/'rec_concentration_small.json'
    f.write_text(json.dumps(r | {'runs': r['runs'] | {'an_earlier_run': {'dataset': 'yelp'}}}))
    code, out, err = bench_here('rec_concentration.py', '--folders', str(folder), '--users', '50', '--k', '5', '--out', str(tmp_path), cwd=ROOT)
    assert code == 0, err
    assert sorted(json.loads(f.read_text())['runs']) == sorted(['an_earlier_run', folder.name])   # earlier rows kept, this folder's replaced
    code, out, err = bench_here('rec_concentration.py', '--folders', str(folder), '--users', '40', '--k', '5', '--out', str(tmp_path), cwd=ROOT)
    assert code == 0, err
    assert list(json.loads(f.read_text())['runs']) == [folder.name]   # another sample size: earlier rows are not comparable

def test_no_model_folder_is_a_one_line_error(bench_here, tmp_path):
    code, out, err = bench_here('rec_concentration.py', '--folders', str(tmp_path/'nothing*'), '--out', str(tmp_path), cwd=tmp_path)
    assert code != 0 and 'no finished model folder' in err and 'Traceback' not in err
    assert not list(tmp_path.glob('*.json'))

def test_scores_a_sasrec_folder_too(bench_here, sasrec_dir, tmp_path):
    "SASRec's lists are measured the same way: the row names the model, and its one fit's epochs."
    folder, _ = sasrec_dir
    code, out, err = bench_here('rec_concentration.py', '--folders', str(folder), '--users', '30', '--k', '5', '--out', str(tmp_path), cwd=ROOT)
    assert code == 0, err
    run_ = json.loads((tmp_path/'rec_concentration_small.json').read_text())['runs']['sasrec']
    assert run_['model'] == 'sasrec' and run_['pretrain'] is None and run_['finetune_epochs_run'] == 2 and run_['recommended'] == 150
