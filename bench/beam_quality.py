"""What a beam of 20 misses, and what unconstrained decoding returns, on a trained model.

For a seeded sample of users, every catalogue item is scored exhaustively (a beam as wide as the item trie, equal to
teacher forcing) and its top 20 compared with beam search's; `generate` without the trie (the paper's decoding) is run
on the same users and its lists checked for sequences that are no item and items that appear twice.

    python bench/beam_quality.py --model runs/genrec_small_beauty_random_pretrain --users 300
"""
import json, time
import numpy as np
from fastcore.script import call_parse
import this_checkout   # before genrec: this checkout's genrec, not another installed one
from genrec.data import load_dataset, leave_one_out
from genrec.files import print_json, atomic_write_text
from genrec.model import load_genrec
from genrec.masking import Examples, NextItemDataset, collate
from genrec.generate import GenRecRecommender, beam_search, transformers_beam_search
from genrec.metrics import ranking_metrics, target_ranks, run_manifest

def _first_rank(items, target): return items.index(target) if target in items else -1

@call_parse
def main(model:str='runs/genrec_small_beauty_random_pretrain', # model folder written by genrec-train
         users:int=300, # users in the sample
         split:str='test', # 'valid' or 'test'
         bs:int=8, # users per exhaustive batch
         seed:int=0, out:str='results'):
    "Compare beam-20 lists with exhaustive scoring and with unconstrained `generate`; write the results file."
    start = time.time()
    net, tok, cat = load_genrec(model)
    data = load_dataset(cat.name, cat.item_ids, cat.seed)
    rec = GenRecRecommender(net, tok, cat)
    sp = leave_one_out(data, split)
    idx = np.sort(np.random.default_rng(seed).choice(len(sp.targets), min(users, len(sp.targets)), replace=False))
    hists, us, targets = [sp.histories[i] for i in idx], sp.users[idx], sp.targets[idx]
    beam = rec(hists, us, 20)
    ds = NextItemDataset(Examples(np.array([rec.user_index[int(u)] for u in us]), hists, targets), rec.sb)
    full, free = [], []
    for b in range(0, len(idx), bs):
        xb = collate([ds[i] for i in range(b, min(b + bs, len(idx)))])
        items, _ = beam_search(net, rec.trie, *xb[:4], k=cat.n_items, beams=rec.trie.width)
        full += items.tolist()
        free += transformers_beam_search(net, rec.dict_trie, *xb[:4], k=20, constrained=False, tok=tok)[0].tolist()
    exhaustive = [f[:20] for f in full]
    overlap = np.mean([len(set(a) & set(b)) / 20 for a, b in zip(beam, exhaustive)])
    invalid = np.mean([i == 0 for l in free for i in l])
    dup = np.mean([sum(l.count(i) - 1 for i in set(l) if i) / 20 for l in free])
    bad_users = np.mean([0 in l or len(set(i for i in l if i)) < sum(1 for i in l if i) for l in free])
    metrics = {'beam 20 (genrec)': ranking_metrics(target_ranks(beam, targets)),
               'exhaustive': ranking_metrics(target_ranks(exhaustive, targets)),
               'unconstrained generate': ranking_metrics(np.array([_first_rank(l, int(t)) for l, t in zip(free, targets)]))}
    result = dict(benchmark='beam_quality', model_folder=model, dataset=cat.name, item_ids=cat.item_ids, split=split,
                  profile=net.config.genrec_profile, users=len(idx), n_items=cat.n_items, trie_width=rec.trie.width,
                  top20_overlap=round(float(overlap), 4), top1_agree=round(float(np.mean([a[0] == b[0] for a, b in zip(beam, exhaustive)])), 4),
                  unconstrained_invalid_rate=round(float(invalid), 4), unconstrained_duplicate_rate=round(float(dup), 4),
                  users_with_invalid_or_duplicate=round(float(bad_users), 4), metrics_by_decoding=metrics,
                  manifest=run_manifest(data, seed, net.config.genrec_profile, time.time() - start))
    path = f"{out}/beam_quality_{net.config.genrec_profile}_{cat.name}_{cat.item_ids}.json"
    atomic_write_text(path, json.dumps(result, indent=1) + '\n')
    print_json({k: v for k, v in result.items() if k != 'manifest'})
