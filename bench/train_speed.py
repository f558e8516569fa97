"""Finetuning throughput of a GenRec profile: length-bucketed versus random batches, in the same run.

Both loaders draw from the same finetuning examples of the same dataset; each mode trains the same model
(fresh weights, same seed) through a fastai Learner for a number of examples after a warm-up of 2 batches,
and the training samples per second are compared. Bucketed batches differ a lot in length (that is the point),
so they are timed over many more batches than random ones, which are all about equally long. Writes `results/train_speed_{profile}_{dataset}.json`.

    python bench/train_speed.py --dataset beauty --profile small
"""
import json, resource, time
from functools import partial
import numpy as np
import torch
from fastcore.script import call_parse
from fastai.callback.core import Callback, CancelFitException
from fastai.data.core import DataLoaders
from fastai.learner import Learner
from fastai.losses import CrossEntropyLossFlat
from fastai.optimizer import Adam
import this_checkout   # before genrec: this checkout's genrec, not another installed one
from genrec.data import load_dataset
from genrec.files import print_json, atomic_write_text
from genrec.learner import BucketedDL, TRAIN_DEFAULTS
from genrec.masking import SentenceBuilder, NextItemDataset, finetune_examples
from genrec.metrics import run_manifest
from genrec.model import GenRec, genrec_config
from genrec.tokenizer import id_tokenizer

class Throughput(Callback):
    "Time training batches after a warm-up; stop the fit once `samples` examples have been timed."
    def __init__(self, samples, warmup=2): self.samples, self.warmup, self.seen, self.n, self.tokens = samples, warmup, 0, 0, 0
    def before_batch(self):
        if self.n == self.warmup: self.start = time.perf_counter()
    def after_batch(self):
        self.n += 1
        if self.n > self.warmup:
            self.seen += len(self.yb[0]); self.tokens += int(self.xb[1].numel())
            if self.seen >= self.samples: self.elapsed = time.perf_counter() - self.start; raise CancelFitException()

def measure(ds, lengths, cfg, bs, lr, wd, bucket, samples, seed):
    torch.manual_seed(seed)
    dl = BucketedDL(ds, lengths, bs=bs, shuffle=True, seed=seed, bucket=bucket)
    learn = Learner(DataLoaders(dl, dl), GenRec(cfg), loss_func=CrossEntropyLossFlat(ignore_index=-100), opt_func=Adam)
    tp = Throughput(samples)
    with learn.no_bar(), learn.no_logging(): learn.fit(1, lr, wd=wd, cbs=[tp])
    return dict(samples=tp.seen, seconds=round(tp.elapsed, 2), samples_per_s=round(tp.seen / tp.elapsed, 1),
                padded_tokens_per_sample=round(tp.tokens / tp.seen, 1))

@call_parse
def main(dataset:str='beauty', # dataset to draw finetuning examples from
         profile:str='small', # model profile
         bucketed_samples:int=25_600, # examples timed with bucketed batches (200 batches of the small profile)
         random_samples:int=3_072, # examples timed with random batches
         seed:int=0,
         out:str='results'): # folder for the results file
    "Measure finetuning samples/s with bucketed and random batches; write and print the result."
    start = time.time()
    data, tok = load_dataset(dataset), id_tokenizer()
    cfg = genrec_config(profile, data.n_users, data.n_items, tok)
    ds = NextItemDataset(finetune_examples(data), SentenceBuilder(tok, data.n_users, data.n_items, cfg.max_tokens))
    lengths, hp = ds.lengths(), TRAIN_DEFAULTS[profile]
    modes = {name: measure(ds, lengths, cfg, hp['bs'], hp['lr'], hp['wd'], bucket, samples, seed)
             for name, bucket, samples in (('bucketed', 50, bucketed_samples), ('random', 0, random_samples))}
    res = dict(benchmark='train_speed', dataset=dataset, profile=profile, batch_size=hp['bs'], threads=torch.get_num_threads(),
               parameters=sum(p.numel() for p in GenRec(cfg).parameters()), modes=modes,
               speedup=round(modes['bucketed']['samples_per_s'] / modes['random']['samples_per_s'], 2),
               peak_rss_mb=round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1),
               manifest=run_manifest(data, seed, profile, time.time() - start))
    atomic_write_text(f"{out}/train_speed_{profile}_{dataset}.json", json.dumps(res, indent=1) + '\n')
    print_json({k: res[k] for k in ('modes', 'speedup', 'peak_rss_mb')})
