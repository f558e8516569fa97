"""How personal are a trained model's recommendations? For each model folder (GenRec or SASRec), the share of its top-k lists
taken by the catalogue's most popular items, and how many distinct items its lists use.

A model that has not yet learnt much from a history recommends what is popular: every user gets nearly the same list.
The popularity baseline is that extreme (share 1, k distinct items). Finetuning starts there and personalises as it goes, so
a checkpoint chosen early in finetuning can score little above popularity. This benchmark measures where each run's chosen
checkpoint stands, on a seeded sample of test users (their histories up to the test item, the evaluation's inputs), next
to the run's best epoch, test NDCG@10 and training settings from its `metrics.json`, and next to the share of those users'
test items that are popular (what a list that followed the data would give them). Writes `results/rec_concentration_small.json`,
one entry per model folder name (rows of an earlier file are kept, and a folder scored again replaces its row).

    python bench/rec_concentration.py --folders "runs/genrec_small_*"
"""
import glob, json, sys, time
from collections import Counter
from pathlib import Path
import numpy as np
import torch
from fastcore.script import call_parse
import this_checkout   # before genrec: this checkout's genrec, not another installed one
from genrec.data import load_dataset, leave_one_out
from genrec.files import GenrecError, print_json, atomic_write_text
from genrec.metrics import run_manifest
from genrec.sasrec import load_recommender

sys.path.insert(0, str(Path(__file__).parent))
from tune import best_epoch

def popular_items(data, share:float): # dataset; fraction of the catalogue
    "The `share` most frequent items of the training histories (internal ids), at least one."
    counts = Counter(int(i) for h in leave_one_out(data, 'train').histories for i in h)
    return {i for i, _ in counts.most_common(max(1, round(data.n_items * share)))}

def concentration(lists, histories, popular:set): # top-k lists of internal ids; the users' histories; popular items
    "Share of recommended items that are popular, distinct items over all lists, and share of items from the user's own history."
    flat = [i for l in lists for i in l]
    seen = [i in s for l, s in zip(lists, (set(map(int, h)) for h in histories)) for i in l]
    return dict(popular_share=float(np.mean([i in popular for i in flat])), distinct_items=len(set(flat)), recommended=len(flat),
                seen_share=float(np.mean(seen)))

def model_folders(pattern:str): # glob of model folders
    "The finished model folders (model.safetensors and metrics.json) that `pattern` matches, sorted; a one-line exit when none does."
    paths = sorted(p for p in glob.glob(pattern) if (Path(p)/'model.safetensors').is_file() and (Path(p)/'metrics.json').is_file())
    if not paths: raise SystemExit(f"--folders {pattern!r}: no finished model folder (model.safetensors and metrics.json) matches")
    return paths

def load_folder(path): # a finished model folder
    "Its recommender, catalogue and dataset, the dataset checked to be the version the model was trained on."
    rec, cat = load_recommender(path)
    data = load_dataset(cat.name, cat.item_ids, cat.seed)
    if data.sha256 != cat.sha256: raise SystemExit(f"{path}: trained on another version of {cat.name}; skip it or retrain")
    return rec, cat, data

@call_parse
def main(folders:str='runs/genrec_small_*', # glob of model folders, GenRec or SASRec (each with model.safetensors and metrics.json)
         users:int=1000, k:int=10, # seeded sample of test users; list length
         share:float=0.01, # "popular": this fraction of the catalogue, most frequent first
         out:str='results'): # results folder
    "Score each model folder's recommendations for concentration on popular items; write one results file."
    start, runs, shas = time.time(), {}, {}
    for p in model_folders(folders):
        rec, cat, data = load_folder(p)
        split = leave_one_out(data, 'test')
        pick = np.random.default_rng(0).choice(len(split.histories), min(users, len(split.histories)), replace=False)
        hs, us, popular = [split.histories[i] for i in pick], split.users[pick], popular_items(data, share)
        with torch.no_grad(): lists = rec(hs, us, k)
        m = json.loads((Path(p)/'metrics.json').read_text())
        curve = m['history']['finetune'] if isinstance(m['history'], dict) else m['history']   # SASRec has one fit
        runs[Path(p).name] = dict(model=m['model'], dataset=cat.name, item_ids=cat.item_ids, pretrain=m.get('pretrain'), seed=m['settings']['seed'],
                                  chosen_epoch=best_epoch(dict(finetune=curve)), finetune_epochs_run=len(curve), test_ndcg10=m['metrics']['test']['NDCG@10'],
                                  hyperparameters=m.get('hyperparameters'), targets_popular_share=float(np.mean([int(t) in popular for t in split.targets[pick]])),
                                  **concentration(lists, hs, popular))
        shas[cat.name] = cat.sha256
        print(Path(p).name, {k_: round(v, 3) if isinstance(v, float) else v for k_, v in runs[Path(p).name].items() if k_ != 'hyperparameters'}, flush=True)
    f = Path(out)/'rec_concentration_small.json'
    earlier = json.loads(f.read_text()) if f.is_file() else {}
    if earlier and (earlier['users'], earlier['k'], earlier['popular_fraction']) != (users, k, share): earlier = {}   # rows measured otherwise are not kept
    result = dict(benchmark='rec_concentration', profile='small', users=users, k=k, popular_fraction=share, split='test',
                  runs=dict(sorted((earlier.get('runs', {}) | runs).items())), dataset_sha256=earlier.get('dataset_sha256', {}) | shas,
                  manifest=run_manifest(None, None, 'small', time.time() - start))
    atomic_write_text(f, json.dumps(result, indent=1) + '\n')
    print_json({'file': str(f), 'scored': len(runs), 'runs': len(result['runs'])})   # folders scored now; rows in the file
