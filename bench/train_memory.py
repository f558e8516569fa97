"""Resident memory of GenRec finetuning on CPU, with and without `ReturnFreedMemory`, in the same run.

Length-bucketed batches change shape every step; glibc's heap keeps the freed blocks of each shape and fragments, so
resident memory grows batch after batch (a full Beauty run reached 14 GB before the kernel killed it). Each mode trains
a fresh model of `profile` on the finetuning examples of `dataset` for `batches` batches in a process of its own (a fresh
heap), records resident memory every `every` batches, and times the batches after the first `every`; `ReturnFreedMemory(every)` is the only
difference. A third mode, for contrast, is glibc's own remedy: `MALLOC_MMAP_THRESHOLD_=65536` serves every block over
64 KiB by a fresh `mmap`, returned to the system when freed. Writes `results/train_memory_{profile}_{dataset}.json`.

    python bench/train_memory.py --dataset beauty --profile small
"""
import json, os, subprocess, sys, time
from pathlib import Path
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
from genrec.scaling import ReturnFreedMemory
from genrec.masking import SentenceBuilder, NextItemDataset, finetune_examples
from genrec.metrics import run_manifest
from genrec.model import GenRec, genrec_config
from genrec.tokenizer import id_tokenizer

def resident_gb():
    "Resident memory of this process in GB (Linux `/proc/self/statm`)."
    return int(Path('/proc/self/statm').read_text().split()[1]) * 4096 / 2**30

class MemoryTrace(Callback):
    "Resident memory every `every` training batches; stop the fit after `batches`."
    order = 99   # after `ReturnFreedMemory`
    def __init__(self, batches, every): self.batches, self.every, self.trace = batches, every, []
    def after_batch(self):
        n = self.iter + 1
        if n % self.every: return
        self.trace.append([n, round(resident_gb(), 3)])
        if n == self.every: self.start = time.perf_counter()   # the first `every` batches are warm-up, not timed
        if n >= self.batches: self.seconds = time.perf_counter() - self.start; raise CancelFitException()

def measure(dataset, profile, batches, every, trim, seed):
    "Train `batches` batches in this process; return the memory trace and the seconds they took."
    data, tok = load_dataset(dataset), id_tokenizer()
    cfg = genrec_config(profile, data.n_users, data.n_items, tok)
    ds = NextItemDataset(finetune_examples(data), SentenceBuilder(tok, data.n_users, data.n_items, cfg.max_tokens))
    hp = TRAIN_DEFAULTS[profile]
    torch.manual_seed(seed)
    dl = BucketedDL(ds, ds.lengths(), bs=hp['bs'], shuffle=True, seed=seed)
    trace = MemoryTrace(batches, every)
    learn = Learner(DataLoaders(dl, dl), GenRec(cfg), loss_func=CrossEntropyLossFlat(ignore_index=-100), opt_func=Adam,
                    cbs=[trace] + ([ReturnFreedMemory(every)] if trim else []))
    with learn.no_bar(), learn.no_logging(): learn.fit(1, hp['lr'], wd=hp['wd'])
    return dict(trace=trace.trace, timed_batches=batches - every, seconds=round(trace.seconds, 1), first_gb=trace.trace[0][1],
                last_gb=trace.trace[-1][1], peak_gb=max(m for _, m in trace.trace))

@call_parse
def main(dataset:str='beauty', # dataset to draw finetuning examples from
         profile:str='small', # model profile
         batches:int=300, # training batches per mode
         every:int=50, # batches between memory readings (and between `malloc_trim` calls)
         seed:int=0,
         out:str='results', # folder for the results file
         mode:str=None): # internal: measure one mode ('default', 'trim' or 'mmap_threshold') in this process and print it
    "Measure resident memory and time of finetuning batches with and without `ReturnFreedMemory`; write and print the result."
    if batches < 2 * every: sys.exit(f"--batches {batches}: give at least two readings' worth, 2 * every = {2 * every}")
    if mode: return print(json.dumps(measure(dataset, profile, batches, every, mode == 'trim', seed)))
    if not Path('/proc/self/statm').exists(): sys.exit("train_memory.py reads /proc/self/statm: run it on Linux")
    start, modes = time.time(), {}
    for m, env in (('default', {}), ('trim', {}), ('mmap_threshold', {'MALLOC_MMAP_THRESHOLD_': '65536'})):
        cmd = [sys.executable, __file__, '--dataset', dataset, '--profile', profile, '--batches', str(batches),
               '--every', str(every), '--seed', str(seed), '--mode', m]
        run = subprocess.run(cmd, capture_output=True, text=True, env=os.environ | env)
        if run.returncode: sys.exit(f"the {m} measurement failed:\n{run.stderr[-2000:]}")
        modes[m] = json.loads(run.stdout.strip().splitlines()[-1])
    res = dict(benchmark='train_memory', dataset=dataset, profile=profile, batches=batches, every=every,
               threads=torch.get_num_threads(), modes=modes,
               growth_gb={m: round(v['last_gb'] - v['first_gb'], 3) for m, v in modes.items()},
               time_ratio={m: round(v['seconds'] / modes['default']['seconds'], 3) for m, v in modes.items() if m != 'default'},
               manifest=run_manifest(load_dataset(dataset), seed, profile, time.time() - start))
    atomic_write_text(f"{out}/train_memory_{profile}_{dataset}.json", json.dumps(res, indent=1) + '\n')
    print_json({k: res[k] for k in ('growth_gb', 'time_ratio')} | {f'{m}_s': v['seconds'] for m, v in modes.items()} | {m: v['trace'] for m, v in modes.items()})
