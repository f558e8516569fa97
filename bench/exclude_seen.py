"""Every model alike with the user's history masked: test metrics when no item of the history may be recommended, beside
the headline metrics, where history items stay candidates (as the paper).

genrec's headline protocol scores the whole catalogue, history included. RecBole, whose SASRec is an anchor of the SASRec
chapter, sets the score of every history item to minus infinity before ranking, and so do many published benchmarks. The
two protocols differ most for a model that puts history items at the top of its lists. This benchmark evaluates each trained
model folder both ways on the same test users as its run (all of them, or the run's seeded sample), and the popularity and
max-id baselines of the dataset under each numbering. For every run it also records how its headline lists use the
history: the share of top-1 items that are the last item read, and the share of top-10 slots that hold a history item;
and for the dataset, the share of test targets that are already in their user's history (what masking can cost a model).
Writes `results/exclude_seen_{dataset}.json`, one entry per results-file name (rows of an earlier file are kept, and a
folder scored again replaces its row). A row whose headline metrics differ from its run's `metrics.json` stops the run.

    python bench/exclude_seen.py --dataset beauty --folders "runs/*_beauty_*"
"""
import glob, json, time
from pathlib import Path
import numpy as np
from fastcore.script import call_parse
import this_checkout   # before genrec: this checkout's genrec, not another installed one
from genrec.data import load_dataset, leave_one_out, ITEM_NUMBERINGS
from genrec.files import print_json, atomic_write_text
from genrec.metrics import evaluate, run_manifest
from genrec.baselines import BASELINES
from genrec.report import same_metrics

def history_use(lists, histories): # top lists of internal ids, best first; the histories they were made for
    "Share of lists whose first item is the history's last item, and share of top-10 slots that hold a history item."
    last = [bool(len(l)) and l[0] == h[-1] for l, h in zip(lists, histories)]
    slots = [i in s for l, s in zip(lists, (set(map(int, h)) for h in histories)) for i in l[:10]]
    return dict(top1_is_last_item=float(np.mean(last)), top10_history_share=float(np.mean(slots)))

def both_protocols(make, data, users:int=None): # `make(exclude_seen)` -> recommender, or None where it cannot mask; dataset; seeded sample of test users (None: all)
    "Headline and history-masked test metrics of one recommender, with how its headline lists use the history."
    seen = []
    def recording(h, u, k):
        lists = rec(h, u, k); seen.extend(zip(lists, h)); return lists
    rec, masking = make(False), make(True)
    headline = evaluate(recording, data, 'test', sample=users)
    masked = evaluate(masking, data, 'test', sample=users) if masking else evaluate(rec, data, 'test', sample=users, exclude_seen=True)   # `evaluate` asks for more items and drops the history's
    return dict(test=headline, test_exclude_seen=masked, **history_use(*zip(*seen)))

def run_row(folder:Path): # a finished model folder: model.safetensors (or GenRec's weights) and metrics.json
    "The row of one trained model folder: its run's keys, then `both_protocols` on its run's test users."
    from genrec.sasrec import load_recommender
    m = json.loads((folder/'metrics.json').read_text())
    data = load_dataset(m['dataset'], m['item_ids'], m['settings'].get('data_seed', 0))
    if data.sha256 != m['manifest']['dataset_sha256']: raise SystemExit(f"{folder}: trained on another version of {m['dataset']}; retrain it or leave it out")
    row = both_protocols(lambda es: load_recommender(folder, exclude_seen=es)[0], data, m.get('eval_users'))
    if not same_metrics(row['test'], m['metrics']['test']):
        raise SystemExit(f"{folder}: its test metrics scored here differ from its metrics.json (NDCG@10 {row['test']['NDCG@10']:.6f} against {m['metrics']['test']['NDCG@10']:.6f}); score it with the genrec it was trained with")
    keys = {k: m[k] for k in ('model', 'item_ids', 'profile', 'pretrain')}
    return keys | dict(seed=m['settings'].get('seed', 0), eval_users=m.get('eval_users'), folder=folder.name) | row

@call_parse
def main(dataset:str='beauty', # the dataset every folder was trained on
         folders:str='', # glob of model folders (each with metrics.json); '' scores the baselines only
         baselines:bool=True, # also score popularity and the max-id probe under every numbering
         out:str='results'): # results folder
    "Score each model folder and the baselines under both protocols; write or update `results/exclude_seen_{dataset}.json`."
    start, runs = time.time(), {}
    paths = sorted(Path(p) for p in glob.glob(folders) if (Path(p)/'metrics.json').is_file()) if folders else []
    if folders and not paths: raise SystemExit(f"--folders {folders!r}: no model folder with a metrics.json matches")
    for p in paths:
        m = json.loads((p/'metrics.json').read_text())
        if m['dataset'] != dataset: raise SystemExit(f"{p}: trained on {m['dataset']}, not --dataset {dataset}")
        runs[p.name] = run_row(p)
        print(p.name, {k: round(v['NDCG@10'], 4) if isinstance(v, dict) else v for k, v in runs[p.name].items()}, flush=True)
    for ids in ITEM_NUMBERINGS if baselines else ():
        data = load_dataset(dataset, ids)
        for name, make in BASELINES.items():
            rec = make(data)
            runs[f'{name}_{dataset}_{ids}'] = dict(model=name, item_ids=ids, profile=None, pretrain=None, seed=0, eval_users=None, folder=None,
                                                   **both_protocols(lambda es: None if es else rec, data))
    f = Path(out)/f'exclude_seen_{dataset}.json'
    earlier = json.loads(f.read_text())['runs'] if f.is_file() else {}
    data = load_dataset(dataset, 'sequential')
    test = leave_one_out(data, 'test')
    repeats = float(np.mean([t in set(h.tolist()) for t, h in zip(test.targets, test.histories)]))   # the most masking can cost a model
    result = dict(benchmark='exclude_seen', dataset=dataset, split='test', test_targets_in_history=repeats, runs=dict(sorted((earlier | runs).items())),
                  manifest=run_manifest(data, 0, None, time.time() - start))
    atomic_write_text(f, json.dumps(result, indent=1) + '\n')
    print_json({'file': str(f), 'scored': len(runs), 'runs': len(result['runs'])})
