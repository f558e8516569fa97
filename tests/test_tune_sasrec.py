"`bench/tune_sasrec.py`: lists its variants, collects those already run into one study chosen on validation."
import json, sys
from make_readme import ROOT

def fake_result(valid_ndcg, options):
    metrics = {k: valid_ndcg for k in ('HR@1', 'HR@5', 'HR@10', 'NDCG@5', 'NDCG@10')}
    return dict(hyperparameters=dict(d=64) | options, epochs_run=3, train_s=1.0, train_positions_per_s=100.0,
                manifest=dict(git_commit='abc', wall_time_s=2.0), metrics=dict(valid=metrics, test=metrics),
                history=[[6.0, 5.9, 0.01], [5.5, 5.6, valid_ndcg], [5.0, 5.8, 0.0]])

def test_list_shows_every_variant_and_its_command(bench_here, tmp_path):
    sys.path.insert(0, str(ROOT/'bench'))
    from tune_sasrec import VARIANTS
    code, out, err = bench_here('tune_sasrec.py', '--list', cwd=tmp_path)
    assert code == 0, err
    rows = {l.split()[1]: l for l in out.splitlines()}
    assert list(rows) == list(VARIANTS) and all(l.startswith('todo') for l in rows.values())
    assert rows['sampled256'].endswith('--negatives 256 --out runs/tune_sasrec/beauty_random/sampled256 --runs runs/tune_sasrec/beauty_random/sampled256')
    assert '--model sasrec --dataset beauty --item-ids random --epochs 100 --patience 10 --d 64' in rows['d64']

def test_collects_the_variants_run_without_training(bench_here, tmp_path):
    sys.path.insert(0, str(ROOT/'bench'))
    from tune_sasrec import VARIANTS
    for i, name in enumerate(['d64', 'd128', 'esasrec']):
        folder = tmp_path/'runs'/'tune_sasrec'/'beauty-mini_random'/name
        folder.mkdir(parents=True)
        (folder/'sasrec_beauty-mini_random.json').write_text(json.dumps(fake_result(0.02 + 0.01 * i, VARIANTS[name])))
    code, out, err = bench_here('tune_sasrec.py', '--dataset', 'beauty-mini', '--collect', cwd=tmp_path)
    assert code == 0, err
    study = json.loads((tmp_path/'results'/'tune_sasrec_beauty-mini_random.json').read_text())
    assert study['best_variant'] == 'esasrec' and list(study['variants']) == ['d64', 'd128', 'esasrec']
    assert study['variants']['d128']['best_epoch'] == 2 and study['variants']['d128']['hyperparameters']['d'] == 128
    assert set(study['not_run']) == set(VARIANTS) - {'d64', 'd128', 'esasrec'} and study['manifest']['dataset_sha256']

def test_unknown_variant_is_a_one_line_error(bench_here, tmp_path):
    code, out, err = bench_here('tune_sasrec.py', '--only', 'd512', cwd=tmp_path)
    assert code == 1 and err.strip().startswith("--only 'd512' matches no variant: use part of one of d64, ")
