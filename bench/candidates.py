"""Does a wider pool of candidates help a GenRec model with item scores? `beam_search` collects finished items, and a model
trained with an item loss reorders them by the sum of the spelled item's log-probability and its item score. By default the
pool holds k items (the list's length), so the item scores can only reorder what the decoder already ranked in its top k.
With `candidates` > k the beam collects more items, the item scores reorder all of them, and the best k are kept.

For each model folder this scores the validation and test splits with each pool size, records the metrics, the seconds each
scoring took (as a ratio to the pool of k, measured in the same run) and, on test, how much of the top-10 lists the 1% most
popular items take (as `bench/rec_concentration.py`). The pool size with the best validation NDCG@10 is the one chosen; the
test metrics at that size are read only after the choice. Writes `results/candidates_small.json`, one row per model folder
name (rows of an earlier file are kept, and a folder scored again replaces its row).

    python bench/candidates.py --folders "runs/genrec_small_beauty_random_pretrain_seed1" --candidates 20,50,100
"""
import json, sys, time
from pathlib import Path
from fastcore.script import call_parse
import this_checkout   # before genrec: this checkout's genrec, not another installed one
from genrec.files import print_json, atomic_write_text
from genrec.metrics import evaluate, run_manifest

sys.path.insert(0, str(Path(__file__).parent))
from rec_concentration import model_folders, load_folder, popular_items, concentration

def pool_sizes(text:str, k:int): # comma-separated sizes; the list length scored
    "The pool sizes of `--candidates`, sorted, each at least `k`; the first must be `k` itself (the baseline)."
    try: sizes = sorted({int(c) for c in text.split(',')})
    except ValueError: raise SystemExit(f"--candidates {text!r}: give whole numbers separated by commas, such as 20,50,100") from None
    if sizes[0] != k: raise SystemExit(f"--candidates {text!r}: the smallest must be {k}, the list length (the baseline the others are compared with)")
    return sizes

@call_parse
def main(folders:str='runs/genrec_small_*', # glob of GenRec model folders (each with model.safetensors and metrics.json)
         candidates:str='20,50,100', # pool sizes to compare, the first the list length k (20: the evaluation's lists)
         users:int=None, # score a seeded sample of this many users of each split (default: all, as the evaluation)
         out:str='results'): # results folder
    "Score each model folder with each pool size on validation and test; write one results file."
    k, start, rows = 20, time.time(), {}
    sizes = pool_sizes(candidates, k)
    for p in model_folders(folders):
        rec, cat, data = load_folder(p)
        if not hasattr(rec, 'candidates'): raise SystemExit(f"{p}: a {type(rec).__name__}, not GenRec; this benchmark scores GenRec's pool of candidates")
        popular, by_size = popular_items(data, 0.01), {}
        for c in sizes:
            rec.candidates, lists, hists, entry = c, [], [], {}
            def recording(hs, us, n): out_ = rec(hs, us, n); lists.extend(l[:10] for l in out_); hists.extend(hs); return out_
            for split in ('valid', 'test'):
                lists.clear(); hists.clear(); t0 = time.time()
                entry[split] = evaluate(recording, data, split, k=k, sample=users)
                entry[f'{split}_s'] = round(time.time() - t0, 1)
            entry['test_top10'] = concentration(lists, hists, popular)   # the test split's lists, the last scored
            by_size[c] = entry
            print(Path(p).name, c, {s: round(entry[s]['NDCG@10'], 4) for s in ('valid', 'test')}, entry['test_top10'], flush=True)
        chosen = max(sizes, key=lambda c: (by_size[c]['valid']['NDCG@10'], -c))   # the smallest of ties
        m = json.loads((Path(p)/'metrics.json').read_text())
        rows[Path(p).name] = dict(model=m['model'], dataset=cat.name, item_ids=cat.item_ids, pretrain=m.get('pretrain'), seed=m['settings']['seed'],
                                  hyperparameters=m.get('hyperparameters'), k=k, test_ndcg10_of_run=m['metrics']['test']['NDCG@10'],
                                  by_candidates={str(c): v for c, v in by_size.items()}, chosen_on_valid=chosen,
                                  time_ratio={str(c): round((by_size[c]['valid_s'] + by_size[c]['test_s']) / (by_size[k]['valid_s'] + by_size[k]['test_s']), 2) for c in sizes})
    f = Path(out)/'candidates_small.json'
    earlier = json.loads(f.read_text()) if f.is_file() else {}
    if earlier.get('users') != users: earlier = {}   # rows scored on another sample are not kept
    result = dict(benchmark='candidates', profile='small', users=users, split_chosen_on='valid', metric='NDCG@10',
                  runs=dict(sorted((earlier.get('runs', {}) | rows).items())),
                  manifest=run_manifest(None, None, 'small', time.time() - start))
    atomic_write_text(f, json.dumps(result, indent=1) + '\n')
    print_json({'file': str(f), 'scored': len(rows), 'runs': len(result['runs'])})
