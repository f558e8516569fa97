"""Evaluation speed: genrec's beam search against `transformers` `generate`, beam 20, top 20, in the same run.

Scores every test user of a dataset through `evaluate` (what `genrec-evaluate` and training do), then times both
searches on the same seeded sample of users and compares their lists. The model is trained briefly first (one epoch on
each user's last training item, a few minutes): an untrained model's near-uniform distributions make `generate`'s
early stopping end after few steps, which would flatter it.

    python bench/eval_speed.py --dataset beauty --profile small
"""
import json, resource, time
import numpy as np
import torch
from fastcore.script import call_parse
import this_checkout   # before genrec: this checkout's genrec, not another installed one
from genrec.data import load_dataset, leave_one_out
from genrec.files import print_json, atomic_write_text
from genrec.masking import Examples, NextItemDataset, collate
from genrec.generate import GenRecRecommender, transformers_beam_search
from genrec.learner import train_genrec
from genrec.metrics import evaluate, run_manifest

def _peak_rss_gb(): return round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 2**20, 2)

@call_parse
def main(dataset:str='beauty', profile:str='small', # what to score
         sample_users:int=512, # users timed with both searches
         k:int=20, # beam width and list length
         hf_bs:int=32, # users per `generate` call, length-sorted
         train_epochs:int=1, # brief training before timing (examples: each user's last training item)
         seed:int=0, out:str='results'):
    "Time beam-20 top-20 evaluation of all test users, and genrec vs `transformers` on a sample; write the results file."
    torch.manual_seed(seed); start = time.time()
    data = load_dataset(dataset)
    t = time.time()
    model, tok, _ = train_genrec(data, profile, pretrain_epochs=0, epochs=train_epochs, last_n=1, valid_users=200, seed=seed, quiet=True)
    train_s = time.time() - t
    rec = GenRecRecommender(model, tok, data)
    t = time.time(); metrics = evaluate(rec, data, 'test', k=k); genrec_s = time.time() - t
    peak_genrec = _peak_rss_gb()
    sp = leave_one_out(data, 'test')
    idx = np.sort(np.random.default_rng(seed).choice(len(sp.targets), sample_users, replace=False))
    hists, users = [sp.histories[i] for i in idx], sp.users[idx]
    t = time.time(); ours, our_scores = rec.top_k(hists, users, k); genrec_sample_s = time.time() - t
    ds = NextItemDataset(Examples(np.array([rec.user_index[int(u)] for u in users]), hists, np.ones(len(idx), dtype=np.int64)), rec.sb)
    def run_transformers(order, bs):
        "Time `generate` on the sample's users in batches of `bs` taken in `order`; lists and scores in the sample's order."
        items, scores = [None] * len(order), [None] * len(order)
        t = time.time()
        for b in range(0, len(order), bs):
            ii = order[b:b + bs]
            its, scs = transformers_beam_search(model, rec.dict_trie, *collate([ds[i] for i in ii])[:4], k=k)
            for r, i in enumerate(ii): items[i], scores[i] = its[r].tolist(), scs[r].tolist()
        return time.time() - t, items, scores
    # same length-sorted batches as genrec (the fair comparison), and as genrec called it before (users as given, 64 per call)
    hf_s, theirs, their_scores = run_transformers(np.argsort(ds.lengths(), kind='stable'), hf_bs)
    hf_unsorted_s, _, _ = run_transformers(np.arange(len(idx)), 64)
    same = np.mean([a == b for a, b in zip(ours, theirs)])
    at_least = np.mean([all(x >= y - 1e-4 for x, y in zip(a, b)) for a, b in zip(our_scores, their_scores)])
    result = dict(benchmark='eval_speed', dataset=dataset, profile=profile, k=k, beams=k, users=len(sp.targets),
                  genrec_s=round(genrec_s, 1), users_per_s=round(len(sp.targets) / genrec_s, 1),
                  sample_users=sample_users, genrec_sample_s=round(genrec_sample_s, 2), transformers_sample_s=round(hf_s, 2),
                  speedup=round(hf_s / genrec_sample_s, 2), transformers_unsorted_sample_s=round(hf_unsorted_s, 2),
                  speedup_vs_unsorted=round(hf_unsorted_s / genrec_sample_s, 2),
                  transformers_all_users_estimate_s=round(hf_s / sample_users * len(sp.targets)),
                  lists_identical=round(float(same), 4), genrec_scores_at_least_transformers=round(float(at_least), 4),
                  peak_rss_gb=peak_genrec, peak_rss_gb_with_transformers=_peak_rss_gb(),
                  goal=dict(all_users_s=180, speedup=10), train_epochs=train_epochs, train_s=round(train_s, 1), metrics_briefly_trained=metrics, threads=torch.get_num_threads(),
                  manifest=run_manifest(data, seed, profile, time.time() - start))
    path = f"{out}/eval_speed_{profile}_{dataset}.json"
    atomic_write_text(path, json.dumps(result, indent=1) + '\n')
    print_json({k: v for k, v in result.items() if k not in ('manifest', 'metrics_briefly_trained')})
