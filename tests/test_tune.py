"`bench/tune.py`: resumes from the variants already run and collects them into one study file, chosen on validation."
import json, sys
from make_readme import ROOT
from conftest import run_bench

def fake_result(valid_ndcg, overrides):
    metrics = {k: valid_ndcg for k in ('HR@1', 'HR@5', 'HR@10', 'NDCG@5', 'NDCG@10')}
    return dict(settings=dict(seed=0, **overrides), epochs_run=3, train_s=1.0, manifest=dict(git_commit='abc', wall_time_s=2.0),
                metrics=dict(valid=metrics, test=metrics),
                history=dict(pretrain=[[2.0, 1.9, 0.0]], finetune=[[1.6, 1.7, 0.01], [1.5, 1.6, valid_ndcg], [1.4, 1.8, 0.0]]))

def test_collects_every_variant_without_training_again(tmp_path):
    sys.path.insert(0, str(ROOT/'bench'))
    from tune import VARIANTS
    for i, (name, overrides) in enumerate(VARIANTS.items()):
        folder = tmp_path/'runs'/'tune'/'beauty-mini_random'/name
        folder.mkdir(parents=True)
        ndcg = 0.05 if name == 'dropout0.4' else 0.01 + 0.001 * i
        (folder/'genrec_small_beauty-mini_random_pretrain.json').write_text(json.dumps(fake_result(ndcg, overrides)))
    code, out, err = run_bench('tune.py', '--jobs', '1', cwd=tmp_path)
    assert code == 0, err
    study = json.loads((tmp_path/'results'/'tune_small_beauty-mini_random.json').read_text())
    assert study['best_variant'] == 'dropout0.4' and list(study['variants']) == list(VARIANTS)
    v = study['variants']['dropout0.4']
    assert v['best_epoch'] == 2 and v['overrides'] == {'dropout': 0.4} and v['metrics']['test']['NDCG@10'] == 0.05
    assert study['manifest']['wall_time_s'] == 2.0 * len(VARIANTS) and study['manifest']['dataset_sha256']
    assert not list((tmp_path/'runs').rglob('*.log'))   # nothing was trained

def test_unknown_variant_is_a_one_line_error(tmp_path):
    code, out, err = run_bench('tune.py', '--only', 'dropout0.9', cwd=tmp_path)
    assert code == 1 and err.strip().startswith("--only 'dropout0.9' matches no variant: use part of one of default, ")
