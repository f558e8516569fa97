"`bench/tune.py`: resumes from the variants already run and collects them into one study file, chosen on validation."
import json, sys
from pathlib import Path
from make_readme import ROOT

def fake_result(valid_ndcg, overrides):
    metrics = {k: valid_ndcg for k in ('HR@1', 'HR@5', 'HR@10', 'NDCG@5', 'NDCG@10')}
    return dict(settings=dict(seed=0, **overrides), epochs_run=3, train_s=1.0, manifest=dict(git_commit='abc', wall_time_s=2.0),
                metrics=dict(valid=metrics, test=metrics),
                history=dict(pretrain=[[2.0, 1.9, 0.0]], finetune=[[1.6, 1.7, 0.01], [1.5, 1.6, valid_ndcg], [1.4, 1.8, 0.0]]))

def results_name(overrides): # a variant's bench/train.py options
    return ('genrec-paper' if overrides.get('paper') else 'genrec') + '_small_beauty-mini_random_pretrain.json'

def test_collects_every_variant_without_training_again(bench_here, tmp_path):
    sys.path.insert(0, str(ROOT/'bench'))
    from tune import VARIANTS
    for i, (name, overrides) in enumerate(VARIANTS.items()):
        folder = tmp_path/'runs'/'tune'/'beauty-mini_random'/name
        folder.mkdir(parents=True)
        ndcg = 0.05 if name == 'dropout0.4' else 0.01 + 0.001 * i
        (folder/results_name(overrides)).write_text(json.dumps(fake_result(ndcg, overrides)))
    code, out, err = bench_here('tune.py', '--jobs', '1', cwd=tmp_path)
    assert code == 0, err
    study = json.loads((tmp_path/'results'/'tune_small_beauty-mini_random.json').read_text())
    assert study['best_variant'] == 'dropout0.4' and list(study['variants']) == list(VARIANTS)
    v = study['variants']['dropout0.4']
    assert v['best_epoch'] == 2 and v['overrides'] == {'paper': True, 'layers': 2, 'lr': 1e-3, 'dropout': 0.4} and v['metrics']['test']['NDCG@10'] == 0.05
    from genrec.learner import training_settings
    assert v['hyperparameters'] == training_settings('small', paper=True, layers=2, lr=1e-3, dropout=0.4)   # the paper's recipe, dropout changed
    assert study['manifest']['wall_time_s'] == 2.0 * len(VARIANTS) and study['manifest']['dataset_sha256']
    assert not list((tmp_path/'runs').rglob('*.log'))   # nothing was trained

def test_unknown_variant_is_a_one_line_error(bench_here, tmp_path):
    code, out, err = bench_here('tune.py', '--only', 'dropout0.9', cwd=tmp_path)
    assert code == 1 and err.strip().startswith("--only 'dropout0.9' matches no variant: use part of one of default, ")

def test_partial_study_keeps_earlier_variants(bench_here, tmp_path):
    "A study with some variants run is written with the rest listed as not run; variants of an earlier study file are kept."
    sys.path.insert(0, str(ROOT/'bench'))
    from tune import VARIANTS
    (tmp_path/'results').mkdir()
    earlier = dict(variants={'dropout0.3': dict(fake_result(0.02, {'dropout': 0.3}), overrides={'dropout': 0.3}, best_epoch=2)})
    (tmp_path/'results'/'tune_small_beauty-mini_random.json').write_text(json.dumps(earlier))
    ran = [n for n in VARIANTS if 'lr3e-3' in n]
    for i, name in enumerate(ran):
        folder = tmp_path/'runs'/'tune'/'beauty-mini_random'/name
        folder.mkdir(parents=True)
        (folder/results_name(VARIANTS[name])).write_text(json.dumps(fake_result(0.03 + 0.001 * i, VARIANTS[name])))
    code, out, err = bench_here('tune.py', '--only', 'lr3e-3', '--jobs', '1', cwd=tmp_path)
    assert code == 0, err
    code, out, err = bench_here('tune.py', '--collect', cwd=tmp_path)   # the same study, without training the rest
    assert code == 0, err
    study = json.loads((tmp_path/'results'/'tune_small_beauty-mini_random.json').read_text())
    assert list(study['variants']) == [n for n in VARIANTS if n in ran or n == 'dropout0.3']
    assert study['best_variant'] == ran[-1] and study['variants']['dropout0.3']['metrics']['valid']['NDCG@10'] == 0.02
    from genrec.learner import training_settings
    assert study['variants']['dropout0.3']['hyperparameters'] == training_settings('small', paper=True, layers=2, lr=1e-3, dropout=0.3)   # filled in for a variant recorded without them: as it ran, not today's defaults
    assert set(study['not_run']) == set(VARIANTS) - set(ran) - {'dropout0.3'}
    assert not list((tmp_path/'runs').rglob('*.log'))   # nothing was trained

def test_repeats_with_other_seeds_are_entries_and_the_choice_uses_their_mean(bench_here, tmp_path):
    "`--seed 1` trains `{variant}_seed1`; collecting keeps it beside its variant, and validation chooses on the mean over seeds."
    sys.path.insert(0, str(ROOT/'bench'))
    from tune import VARIANTS, variant_args
    runs = tmp_path/'runs'/'tune'/'beauty-mini_random'
    for name, seed, ndcg in [('wd0.1', 0, 0.05), ('wd0.1', 1, 0.01), ('dropout0.3', 0, 0.04)]:
        folder = runs/(name if seed == 0 else f'{name}_seed{seed}')
        folder.mkdir(parents=True)
        f = results_name(VARIANTS[name]).replace('.json', f'_seed{seed}.json' if seed else '.json')
        (folder/f).write_text(json.dumps(fake_result(ndcg, VARIANTS[name]) | dict(settings=dict(seed=seed, **VARIANTS[name]))))
    code, out, err = bench_here('tune.py', '--collect', cwd=tmp_path)
    assert code == 0, err
    study = json.loads((tmp_path/'results'/'tune_small_beauty-mini_random.json').read_text())
    assert list(study['variants']) == ['dropout0.3', 'wd0.1', 'wd0.1_seed1']
    assert (study['variants']['wd0.1_seed1']['variant'], study['variants']['wd0.1_seed1']['seed']) == ('wd0.1', 1)
    assert study['best_variant'] == 'dropout0.3'   # wd0.1's mean (0.03) is below, though its first seed is above
    assert not list((tmp_path/'runs').rglob('*.log'))   # nothing was trained
    assert '--seed 1' in ' '.join(variant_args('beauty-mini', 'random', VARIANTS['wd0.1'], runs/'wd0.1_seed1', seed=1))

def test_the_canonical_run_stands_for_the_variant_it_equals(bench_here, tmp_path):
    "On the full data, the variant with the profile's defaults is read from `bench/train.py`'s canonical file, not trained again."
    sys.path.insert(0, str(ROOT/'bench'))
    from tune import VARIANTS, variant_settings, study_run, STUDY_RUN
    from genrec.learner import training_settings
    same = [n for n, o in VARIANTS.items() if not o.get('paper') and variant_settings(o) == training_settings('small') and study_run(o) == STUDY_RUN]
    assert same, "no variant has the small profile's defaults"
    (tmp_path/'results').mkdir()
    canonical = tmp_path/'results'/'genrec_small_beauty-mini_random_pretrain.json'
    run = fake_result(0.04, {}) | dict(hyperparameters=training_settings('small'),
                                       settings=dict(pretrain_epochs=2, epochs=10, seed=0, data_seed=0, valid_users=1000))
    canonical.write_text(json.dumps(run))
    code, out, err = bench_here('tune.py', '--only', same[0], '--jobs', '1', cwd=tmp_path)   # would train, were the file not there
    assert code == 0, err
    study = json.loads((tmp_path/'results'/'tune_small_beauty-mini_random.json').read_text())
    assert list(study['variants']) == same and study['variants'][same[0]]['results_file'] == str(Path('results')/canonical.name)
    assert not (tmp_path/'runs').exists() or not list((tmp_path/'runs').rglob('*.log'))   # nothing was trained
    canonical.write_text(json.dumps(run | dict(hyperparameters=training_settings('small', lr=5e-3))))   # trained with settings no variant has
    (tmp_path/'results'/'tune_small_beauty-mini_random.json').unlink()   # (a study file keeps the variants it holds)
    code, out, err = bench_here('tune.py', '--only', same[0], '--collect', cwd=tmp_path)
    assert code == 0 and 'no variant has run yet' in out, (out, err)

def test_each_variant_still_trains_what_its_study_entry_recorded():
    "A default that moves (the profile's learning rate, its depth) must not change what a variant name means: every entry of the committed studies is reproduced by its variant's options."
    sys.path.insert(0, str(ROOT/'bench'))
    from tune import VARIANTS, variant_settings
    from genrec.learner import recorded_settings
    studies = sorted((ROOT/'results').glob('tune_small_*.json'))
    assert studies
    for f in studies:
        for name, v in json.loads(f.read_text())['variants'].items():
            assert recorded_settings(v['hyperparameters']) == variant_settings(VARIANTS[v.get('variant', name)]), (f.name, name)

def test_a_variant_can_set_its_own_epochs(tmp_path):
    "`recipe_epochs20` trains 20 finetuning epochs (the study's other fits unchanged), and its settings are the profile's defaults."
    sys.path.insert(0, str(ROOT/'bench'))
    from tune import VARIANTS, variant_args, variant_settings, STUDY_RUN
    args = variant_args('beauty-mini', 'collaborative', VARIANTS['recipe_epochs20'], tmp_path/'recipe_epochs20')
    assert args.count('--epochs') == 1 and args[args.index('--epochs') + 1] == '20'
    assert args[args.index('--pretrain-epochs') + 1] == str(STUDY_RUN['pretrain_epochs'])
    from genrec.learner import training_settings
    assert variant_settings(VARIANTS['recipe_epochs20']) == training_settings('small')   # epochs are how long, not a setting of the model
    assert variant_args('beauty-mini', 'random', VARIANTS['wd0.1'], tmp_path/'wd0.1').count('--epochs') == 1
