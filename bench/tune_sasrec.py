"""Which SASRec recipe is strongest? Variants of genrec's SASRec on one dataset and numbering, chosen on validation only.

Kang & McAuley's architecture throughout; each variant starts from one reference (RecBole's width 64, windows of targets) and
changes what published SASRec runs on these splits change: width
(`d`), blocks (`layers`), heads, dropout, the loss (cross-entropy over the whole catalogue, or a sampled softmax against 256
negatives a batch as `blondered/transformer_benchmark`), the schedule (one-cycle, or Adam at a constant rate with early
stopping as RecBole) and how targets are drawn (every position of a window, or one prefix per example as RecBole); `esasrec`
is that benchmark's eSASRec (1 block, 1 head, dropout 0.2). Each variant is `bench/train.py --model sasrec`, up to 100 epochs
with early stopping after 10 without validation improvement, its folder under `runs/tune_sasrec/{dataset}_{item ids}/{variant}/`
(an interrupted study resumes). Writes `results/tune_sasrec_{dataset}_{item_ids}.json`: each variant's settings, cost (seconds,
positions a second), valid and test metrics, best epoch and history, the variant validation prefers, and those not run yet.

    python bench/tune_sasrec.py --list                          # the variants and their commands
    python bench/tune_sasrec.py --only d128 --jobs 1             # one variant
    python bench/tune_sasrec.py --collect                        # write the study of the variants run so far
"""
import json, sys
from pathlib import Path
from fastcore.script import call_parse
import this_checkout   # before genrec: this checkout's genrec, not another installed one
from genrec.data import load_dataset
from genrec.files import print_json, atomic_write_text
from genrec.metrics import run_manifest, result_path

sys.path.insert(0, str(Path(__file__).parent))
from reproduce import run_commands
from train import run_key
from tune import chosen_variants, with_earlier

REFERENCE = dict(d=64, targets='window')   # the study's reference: RecBole's width, windows of targets, train_sasrec's other defaults (2 blocks, 2 heads, dropout 0.5, full cross-entropy, one-cycle)
VARIANTS = {  # name: bench/train.py options; each changes the reference in one or two ways (validation chose prefix, now train_sasrec's default)
    'd64': REFERENCE, 'd128': REFERENCE | dict(d=128), 'd256': REFERENCE | dict(d=256), 'layers1': REFERENCE | dict(layers=1),
    'heads1': REFERENCE | dict(heads=1), 'dropout0.2': REFERENCE | dict(dropout=0.2), 'dropout0.3': REFERENCE | dict(dropout=0.3),
    'sampled256': REFERENCE | dict(negatives=256), 'constant': REFERENCE | dict(schedule='constant'), 'prefix': REFERENCE | dict(targets='prefix'),
    'esasrec': REFERENCE | dict(layers=1, heads=1, dropout=0.2), 'esasrec_sampled256': REFERENCE | dict(layers=1, heads=1, dropout=0.2, negatives=256)}

def variant_args(dataset, item_ids, options, folder, epochs=100, patience=10):
    "`bench/train.py`'s arguments for one variant whose results file and model folder go to `folder`."
    args = dict(model='sasrec', dataset=dataset, item_ids=item_ids, epochs=epochs, patience=patience, **options, out=folder, runs=folder)
    return [a for k, v in args.items() for a in (f"--{k.replace('_', '-')}", str(v))]

def variant_result(dataset, item_ids, folder):
    "The results file `bench/train.py` wrote into `folder`, or None."
    f = result_path(run_key('sasrec', None, dataset, item_ids, 0, 0), folder)
    return json.loads(f.read_text()) if f.exists() else None

def best_epoch(history):
    "1-based epoch with the highest validation NDCG@10 (the one `SaveBestModel` keeps: the first of ties)."
    scores = [e[2] for e in history]
    return scores.index(max(scores)) + 1

@call_parse
def main(dataset:str='beauty', item_ids:str='random', # data and numbering of the study
         only:str='', # run only the variants whose name contains this
         jobs:int=1, # variants at a time; each gets an equal share of the CPU threads
         list:bool=False, # print each variant's command, run nothing
         collect:bool=False, # train nothing: write the study of the variants already run
         runs:str='runs/tune_sasrec', out:str='results'): # model folders; results folder
    "Train each variant still missing, then collect every variant's result into one file."
    root = Path(runs)/f'{dataset}_{item_ids}'
    chosen = chosen_variants(VARIANTS, only, jobs)
    commands = {n: [str(Path(__file__).parent/'train.py'), *variant_args(dataset, item_ids, o, root/n)] for n, o in chosen.items()}
    if list:
        for n, cmd in commands.items(): print(f"{'done' if variant_result(dataset, item_ids, root/n) else 'todo':6}{n:20}python {' '.join(cmd)}")
        return
    todo = {n: c for n, c in commands.items() if not collect and variant_result(dataset, item_ids, root/n) is None}
    failed = run_commands(todo, jobs, root/'logs')
    if failed: sys.exit(f"{len(failed)} variant(s) failed; see {', '.join(map(str, failed))}")
    done = {n: r for n in VARIANTS if (r := variant_result(dataset, item_ids, root/n)) is not None}
    variants = {n: dict(options=VARIANTS[n], git_commit=r['manifest']['git_commit'], hyperparameters=r.get('hyperparameters'),
                        best_epoch=best_epoch(r['history']), epochs_run=r['epochs_run'], train_s=r['train_s'],
                        train_positions_per_s=r.get('train_positions_per_s'), wall_time_s=r['manifest']['wall_time_s'],
                        metrics={s: r['metrics'][s] for s in ('valid', 'test')}, history=r['history']) for n, r in done.items()}
    f = Path(out)/f'tune_sasrec_{dataset}_{item_ids}.json'
    variants = {n: v | dict(options=VARIANTS[n]) for n, v in with_earlier(f, variants, VARIANTS).items()}   # an earlier study keeps variants whose folders are gone; options as named now
    if not variants: print("no variant has run yet: no results file written"); return
    chosen_by_valid = max(variants, key=lambda n: variants[n]['metrics']['valid']['NDCG@10'])
    result = dict(benchmark='tune_sasrec', dataset=dataset, item_ids=item_ids, model='sasrec', selected_on='valid NDCG@10',
                  best_variant=chosen_by_valid, variants=variants, not_run=[n for n in VARIANTS if n not in variants],
                  manifest=run_manifest(load_dataset(dataset, item_ids), 0, None, sum(v['wall_time_s'] for v in variants.values())))
    atomic_write_text(f, json.dumps(result, indent=1) + '\n')
    print_json({'file': str(f), 'best_variant': chosen_by_valid,
                **{n: {k: round(v['metrics']['test'][k], 4) for k in ('HR@10', 'NDCG@10')} for n, v in variants.items()}})
