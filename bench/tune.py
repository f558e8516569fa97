"""Which settings make GenRec's small profile strong? Variants of it, same data and seed, one setting changed at a time.

Two families of variants. The first starts from the paper's recipe (`--paper`: user word and ID, decoder loss only) and
changes dropout, weight decay, the learning rate or whether sentences hold the user, or adds the item-level loss or label
smoothing; it chose no user and item loss 1 (`no_users_item_loss`). The second, `recipe_*`, starts from the small profile's
defaults and changes one of learning rate, weight decay, dropout, depth, whole-word id dropout, the pretraining mask rate,
the item loss's weight, the finetuning targets a user (`last_n`, the latest only) or the finetuning epochs (`recipe_epochs20`), each at the depth and learning rate the profile had when it ran; `recipe_lr2e-3`, ahead on two seeds,
gave the profile its learning rate of 2e-3, and `recipe_layers1_lr2e-3`, ahead on the full data, its one layer. Each variant is trained, selected on validation NDCG@10 and scored exactly as `bench/train.py` does (it
runs `bench/train.py`), on `beauty-mini` by default so that a variant takes minutes, not hours. Runs are kept under
`runs/tune/{dataset}_{item ids}/{variant}/`, so an interrupted study resumes where it stopped. Writes `results/tune_small_{dataset}_{item_ids}.json`: each variant's
settings, valid and test metrics, best epoch and training history, which variant validation prefers, and the variants
not run yet. Variants of an earlier study file whose folders are gone are kept from that file.

    python bench/tune.py --jobs 2                              # beauty-mini, random ids: every variant, two at a time
    python bench/tune.py --only dropout0.4 --jobs 1
    python bench/tune.py --item-ids collaborative --only lr3e-3 --jobs 2   # the collaborative numbering
    python bench/tune.py --item-ids collaborative --only recipe_ --jobs 2  # the recipe's variants
    python bench/tune.py --item-ids collaborative --collect             # write the study of the variants run so far
    python bench/tune.py --item-ids collaborative --only recipe_lr2e-3 --seed 1   # a repeat with another seed: variant recipe_lr2e-3_seed1

A variant whose settings are the small profile's defaults is not trained when the canonical results file of the same data,
numbering, epochs and seed (`bench/train.py`'s, in `--out`) was trained with exactly them: the study reads that file and
names it (`results_file`). So a study on the full data costs only the variants that differ from the profile:

    python bench/tune.py --dataset beauty --item-ids collaborative --only lr2e-3 --jobs 1   # one layer: results/genrec_small_beauty_collaborative_pretrain.json

A repeat with another training seed is an entry of its own (`{variant}_seed{n}`, folder of the same name); the variant
validation prefers is the one with the highest mean validation NDCG@10 over its seeds (`genrec.ablation.variant_means`).
"""
import json, sys
from pathlib import Path
from fastcore.script import call_parse
import this_checkout   # before genrec: this checkout's genrec, not another installed one
from genrec.data import load_dataset
from genrec.files import print_json, atomic_write_text
from genrec.learner import training_settings, recorded_settings
from genrec.ablation import TUNING_COLUMNS, variant_means
from genrec.metrics import run_manifest, result_path

sys.path.insert(0, str(Path(__file__).parent))
from reproduce import run_commands
from train import run_key

PAPER = dict(paper=True, layers=2, lr=1e-3)   # the variants below start from the paper's recipe, at the small profile's depth and learning rate when they ran
VARIANTS = {  # name: bench/train.py options; 'default' is the paper's recipe in the small profile (dropout 0.2, weight decay 0.01)
    'default': PAPER, 'dropout0.3': PAPER | dict(dropout=0.3), 'dropout0.4': PAPER | dict(dropout=0.4), 'dropout0.5': PAPER | dict(dropout=0.5),
    'wd0.1': PAPER | dict(wd=0.1), 'dropout0.4_wd0.1': PAPER | dict(dropout=0.4, wd=0.1),
    'lr3e-3': PAPER | dict(lr=3e-3), 'no_users': PAPER | {'no_users': True}, 'lr3e-3_no_users': PAPER | dict(lr=3e-3, no_users=True),
    'item_loss': PAPER | dict(item_loss=1.0), 'no_users_item_loss': PAPER | dict(no_users=True, item_loss=1.0),
    'lr3e-3_no_users_item_loss': PAPER | dict(lr=3e-3, no_users=True, item_loss=1.0),
    'lr3e-3_no_users_item_loss_smooth0.1': PAPER | dict(lr=3e-3, no_users=True, item_loss=1.0, label_smoothing=0.1),
    # the small profile's recipe (no_users_item_loss above) with one setting changed; each keeps the depth and learning rate it ran with
    **{n: dict(layers=2, lr=1e-3) | o for n, o in {
        'recipe_id_dropout0.2': dict(id_dropout=0.2), 'recipe_mask0.3': dict(mask_rate=0.3), 'recipe_layers1': dict(layers=1),
        'recipe_item_loss3': dict(item_loss=3.0), 'recipe_wd0.1': dict(wd=0.1), 'recipe_dropout0.1': dict(dropout=0.1),
        'recipe_lr5e-4': dict(lr=5e-4), 'recipe_lr2e-3': dict(lr=2e-3), 'recipe_dropout0.3': dict(dropout=0.3), 'recipe_layers3': dict(layers=3),
        'recipe_layers1_lr2e-3': dict(layers=1, lr=2e-3)}.items()},   # a cheaper model at the better learning rate: the small profile's defaults
    **{n: dict(layers=2, lr=2e-3) | o for n, o in {   # fewer finetuning targets a user: the latest ones (cheaper epochs)
        'recipe_last8': dict(last_n=8), 'recipe_last5': dict(last_n=5)}.items()},
    'recipe_epochs20': dict(layers=1, lr=2e-3, epochs=20)}   # the profile's defaults with twice the finetuning epochs: does the ten-epoch budget stop runs that still improve?

STUDY_RUN = dict(pretrain_epochs=2, epochs=10, valid_users=1000)   # every variant's fits and validation users unless it sets its own; a canonical run stands for a variant only with these

def study_run(overrides): # a variant's `bench/train.py` options
    "The variant's fits and validation users: `STUDY_RUN`, with those the variant sets itself (`recipe_epochs20`)."
    return STUDY_RUN | {k: v for k, v in overrides.items() if k in STUDY_RUN}

def variant_args(dataset, item_ids, overrides, folder, seed=0):
    "`bench/train.py`'s arguments for one variant whose results file and model folder go to `folder`."
    args = dict(dataset=dataset, profile='small', item_ids=item_ids, **study_run(overrides), seed=seed,
                **{k: v for k, v in overrides.items() if k not in STUDY_RUN}, out=folder, runs=folder)
    flag = lambda k: f"--{k.replace('_', '-')}"
    return [a for k, v in args.items() for a in ([flag(k)] if v is True else [] if v is False else [flag(k), str(v)])]

def variant_result(dataset, item_ids, folder, pretrain_epochs=2, seed=0, paper=True):
    "The results file `bench/train.py` wrote into `folder`, or None."
    f = result_path(run_key('genrec', 'small', dataset, item_ids, pretrain_epochs, seed, paper), folder)
    return json.loads(f.read_text()) if f.exists() else None

def variant_settings(overrides): # a variant's `bench/train.py` options (not the paper's recipe)
    "Every setting the small profile trains the variant with (`training_settings`), its options turned into settings."
    return training_settings('small', **{k: v for k, v in overrides.items() if k != 'no_users' and k not in STUDY_RUN},
                             **({'users': False} if overrides.get('no_users') else {}))

def canonical_run(dataset, item_ids, overrides, seed, out): # data and numbering; a variant's options; training seed; results folder
    """The canonical results file of `dataset` and `item_ids` (`bench/train.py`'s) when it was trained with exactly the variant's
    settings, epochs and seed, else None: a variant that is the profile's defaults is then not trained a second time."""
    if overrides.get('paper'): return None
    f = result_path(run_key('genrec', 'small', dataset, item_ids, STUDY_RUN['pretrain_epochs'], seed), out)
    if not f.is_file(): return None
    r = json.loads(f.read_text())
    run = {k: r.get('settings', {}).get(k) for k in (*STUDY_RUN, 'seed')}
    same = recorded_settings(r.get('hyperparameters') or {}) == variant_settings(overrides) and run == study_run(overrides) | dict(seed=seed)
    return r | {'results_file': str(f)} if same else None

def chosen_variants(variants:dict, only:str, jobs:int): # all variants; part of a name; runs at a time
    "The variants whose name contains `only`; exits with a one-line message for bad `jobs` or an `only` that matches none."
    if jobs < 1: sys.exit(f"--jobs {jobs}: give 1 or more variants at a time")
    chosen = {n: o for n, o in variants.items() if only in n}
    if not chosen: sys.exit(f"--only {only!r} matches no variant: use part of one of {', '.join(variants)}")
    return chosen

def with_earlier(study_file:Path, variants:dict, order): # the study's results file; variants collected now; variant names in order
    "`variants` with those of an earlier study file whose folders are gone, in the order of `order`."
    earlier = json.loads(study_file.read_text())['variants'] if study_file.is_file() else {}
    return {n: variants[n] if n in variants else earlier[n] for n in order if n in variants or n in earlier}

def with_hyperparameters(v:dict): # one variant of a study file
    "The variant with every training setting it ran with; one run before results recorded them started from the paper's recipe (`PAPER`)."
    if v.get('hyperparameters'): return v
    return {**v, 'hyperparameters': training_settings('small', **PAPER | {k: x for k in TUNING_COLUMNS if (x := v['settings'].get(k)) is not None})}

def run_name(variant:str, seed:int=0): # a variant of `VARIANTS`; training seed
    "The study's name for one run of `variant`: the variant itself for seed 0, `{variant}_seed{seed}` for a repeat."
    return variant if seed == 0 else f"{variant}_seed{seed}"

def seeds_run(root:Path, variant:str): # the study's folder of model folders; a variant of `VARIANTS`
    "Training seeds of `variant` whose model folders exist under `root`: 0 for the variant's own, n for `{variant}_seed{n}`."
    found = [0] if (root/variant).is_dir() else []
    return found + sorted(int(f.name.rsplit('_seed', 1)[1]) for f in root.glob(f'{variant}_seed*') if f.name.rsplit('_seed', 1)[1].isdigit())

def best_epoch(history):
    "1-based finetuning epoch with the highest validation NDCG@10 (the one `SaveBestModel` keeps: the first of ties)."
    scores = [e[2] for e in history['finetune']]
    return scores.index(max(scores)) + 1

@call_parse
def main(dataset:str='beauty-mini', item_ids:str='random', # data and numbering of the study
         only:str='', # run only the variants whose name contains this
         jobs:int=2, # variants at a time; each gets an equal share of the CPU threads
         seed:int=0, # training seed of the variants to run (another seed: a repeat, named `{variant}_seed{seed}`)
         collect:bool=False, # train nothing: write the study of the variants already run
         runs:str='runs/tune', out:str='results'): # model folders; results folder
    "Train each variant still missing, then collect every variant's result into one file."
    root = Path(runs)/f'{dataset}_{item_ids}'
    chosen = chosen_variants(VARIANTS, only, jobs)
    if seed < 0: sys.exit(f"--seed {seed}: give 0 or more")
    todo = {run_name(n, seed): [str(Path(__file__).parent/'train.py'), *variant_args(dataset, item_ids, o, root/run_name(n, seed), seed=seed)]
            for n, o in chosen.items()
            if not collect and variant_result(dataset, item_ids, root/run_name(n, seed), seed=seed, paper=o.get('paper', False)) is None
            and canonical_run(dataset, item_ids, o, seed, out) is None}
    failed = run_commands(todo, jobs, root/'logs')
    if failed: sys.exit(f"{len(failed)} variant(s) failed; see {', '.join(map(str, failed))}")
    done = {(n, s): r for n, o in VARIANTS.items() for s in seeds_run(root, n)
            if (r := variant_result(dataset, item_ids, root/run_name(n, s), seed=s, paper=o.get('paper', False))) is not None}
    done |= {(n, s): r for n, o in VARIANTS.items() for s in sorted({0, seed}) if (n, s) not in done
             and (r := canonical_run(dataset, item_ids, o, s, out)) is not None}   # the canonical run stands for the variant it equals
    variants = {run_name(n, s): dict(variant=n, seed=s, overrides=VARIANTS[n], base='paper' if VARIANTS[n].get('paper') else 'recipe',
                        git_commit=r['manifest']['git_commit'], settings=r['settings'], hyperparameters=r.get('hyperparameters'),
                        best_epoch=best_epoch(r['history']), epochs_run=r['epochs_run'], train_s=r['train_s'],
                        wall_time_s=r['manifest']['wall_time_s'],
                        metrics={k: r['metrics'][k] for k in ('valid', 'test')}, history=r['history'])
                    | ({'results_file': r['results_file']} if 'results_file' in r else {}) for (n, s), r in done.items()}
    f = Path(out)/f'tune_small_{dataset}_{item_ids}.json'
    earlier = json.loads(f.read_text())['variants'] if f.is_file() else {}
    order = [r for n in VARIANTS for r in sorted({k for k in [*variants, *earlier] if k == n or k.startswith(f'{n}_seed')},
                                                    key=lambda k: (k != n, len(k), k))]   # each variant, then its repeats by seed
    variants = {n: {'variant': n, 'seed': 0} | with_hyperparameters(v) for n, v in with_earlier(f, variants, order).items()}   # an earlier study keeps variants whose folders are gone
    if not variants: print("no variant has run yet: no results file written"); return
    chosen_by_valid = max(means := variant_means(dict(variants=variants)), key=lambda n: means[n]['valid'])
    result = dict(benchmark='tune', dataset=dataset, item_ids=item_ids, profile='small', pretrain=True,
                  selected_on='valid NDCG@10', best_variant=chosen_by_valid, variants=variants,
                  not_run=[n for n in VARIANTS if n not in variants],
                  manifest=run_manifest(load_dataset(dataset, item_ids), 0, 'small',
                                        sum(v.get('wall_time_s', v['train_s']) for v in variants.values())))
    atomic_write_text(f, json.dumps(result, indent=1) + '\n')
    print_json({'file': str(f), 'best_variant': chosen_by_valid,
                **{n: {k: round(v['metrics']['test'][k], 4) for k in ('HR@10', 'NDCG@10')} for n, v in variants.items()}})
