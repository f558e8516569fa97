"""The paper's configuration (the `base` profile: bart-base dimensions) end to end on one GPU under a wall-time budget.

Pretraining, finetuning, and the test split at the best-validation checkpoint with beam 20 on every user; bf16 autocast,
scaled-dot-product attention, length-bucketed batches as large as GPU memory allows (up to --max-bs), the learning rate
scaled by the square root of the batch ratio, each phase shortened to its share of the budget (see `genrec.gpu.gpu_run`).
Writes the canonical results file with the GPU's name, wall time and examples/s per phase, and peak GPU memory;
a smoke run writes `result.json` in its model folder under --runs instead.

    python bench/gpu_run.py --smoke                                      # every phase on three batches: under a minute
    python bench/gpu_run.py --dataset beauty --item-ids sequential --budget 300
    python bench/gpu_run.py --dataset beauty --item-ids random --budget 300
    python bench/gpu_run.py --smoke --profile tiny --dataset beauty-mini # the same code path on a CPU (the tests run this)
"""
import json
from pathlib import Path
from fastcore.script import call_parse
import this_checkout   # before genrec: this checkout's genrec, not another installed one
from genrec.files import print_json, atomic_write_text
from genrec.gpu import gpu_run
from genrec.metrics import write_result

@call_parse
def main(dataset:str='beauty', item_ids:str='sequential', profile:str='base', # what to train
         budget:float=300, # wall-time budget in seconds, everything included
         pretrain_epochs:int=3, epochs:int=25, seed:int=0, # epochs at most (the budget may shorten them)
         bs:int=None, max_bs:int=1024, lr:float=None, # batch size (default: largest that fits, up to max_bs); peak lr (default: scaled)
         smoke:bool=False, # every phase on three batches; result to the model folder, not results/
         runs:str='runs', out:str='results'): # model folders; results folder
    "Run GenRec's paper configuration on one GPU within `budget` seconds and write its results file."
    r = gpu_run(dataset, item_ids, profile, budget, pretrain_epochs=pretrain_epochs, epochs=epochs, seed=seed, bs=bs, max_bs=max_bs,
                lr=lr, smoke=smoke, runs=runs)
    if smoke: path = atomic_write_text(Path(r['model_dir'])/'result.json', json.dumps(r, indent=1) + '\n')
    else: path = write_result(r, out)
    print_json({'file': str(path), 'gpu': r['gpu'], 'test': r['metrics']['test']})
