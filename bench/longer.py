"""Does training past the early-stopping point help? Continue a finished GenRec run to all its finetuning epochs and score the
last epoch's model as well as the one validation chooses.

`bench/train.py` stops finetuning after three epochs without a better validation NDCG@10 (on 1,000 validation users) and
keeps the best epoch. This study copies the stopped run's model folder to `runs/longer/` (so the canonical run is left as
it is), resumes it with `--patience` equal to the number of epochs, which trains the epochs early stopping skipped, then
evaluates, on all validation and test users, both the checkpoint validation chooses and the model after the last epoch
(the weights of `checkpoints/finetune.pt`). Writes `results/longer_{profile}_{dataset}_{item_ids}.json` with the stopped
run's and the continued run's validation curves and metrics.

    python bench/longer.py --dataset sports --item-ids random      # needs results/genrec_small_sports_random_pretrain.json and its runs/ folder
"""
import json, shutil, subprocess, sys, time
from pathlib import Path
import torch
from fastcore.script import call_parse
import this_checkout   # before genrec: this checkout's genrec, not another installed one
from genrec.data import load_dataset
from genrec.files import print_json, atomic_write_text
from genrec.metrics import run_manifest, result_path, evaluate
from genrec.model import load_genrec
from genrec.generate import GenRecRecommender

sys.path.insert(0, str(Path(__file__).parent))
from train import run_key
from tune import best_epoch

def curve(result:dict): # a results file's content
    "Validation NDCG@10 (on the sample scored each epoch) per finetuning epoch."
    return [e[2] for e in result['history']['finetune']]

@call_parse
def main(dataset:str='sports', item_ids:str='random', profile:str='small', # the stopped run
         pretrain_epochs:int=2, epochs:int=10, seed:int=0, # its settings
         eval_users:int=None, # score a seeded sample of users at the end (default: all, as the canonical runs)
         runs:str='runs', results:str='results', out:str='results'): # its model folders and results; where the study goes
    "Continue a stopped run to `epochs` finetuning epochs; write both checkpoints' metrics next to the stopped run's."
    start, key = time.time(), run_key('genrec', profile, dataset, item_ids, pretrain_epochs, seed)
    stopped_file, name = result_path(key, results), result_path(key, '.').stem
    if not stopped_file.is_file(): raise SystemExit(f"{stopped_file}: no finished run to continue; run bench/train.py for it first")
    stopped = json.loads(stopped_file.read_text())
    folder, longer = Path(runs)/name, Path(runs)/'longer'
    if not (longer/name).is_dir():
        if not (folder/'checkpoints'/'finetune.pt').is_file(): raise SystemExit(f"{folder}: the run's checkpoints are missing; nothing to continue from")
        shutil.copytree(folder, longer/name)
    cmd = [sys.executable, str(Path(__file__).parent/'train.py'), '--dataset', dataset, '--profile', profile, '--item-ids', item_ids,
           '--pretrain-epochs', str(pretrain_epochs), '--epochs', str(epochs), '--seed', str(seed), '--patience', str(epochs),
           '--runs', str(longer), '--out', str(longer/'results')] + (['--eval-users', str(eval_users)] if eval_users else [])
    if not result_path(key, longer/'results').is_file() and subprocess.run(cmd).returncode:   # already continued: reuse it
        raise SystemExit(f"the continued run failed: {' '.join(cmd)}")
    continued = json.loads(result_path(key, longer/'results').read_text())
    data = load_dataset(dataset, item_ids)
    model, tok, cat = load_genrec(longer/name)
    state = torch.load(longer/name/'checkpoints'/'finetune.pt', map_location='cpu', weights_only=False)
    model.load_state_dict(state['model']); model.eval()
    rec = GenRecRecommender(model, tok, cat)
    with torch.no_grad(): last = {s: evaluate(rec, data, s, k=20, sample=eval_users) for s in ('valid', 'test')}
    part = lambda r: dict(kept_epoch=best_epoch(r['history']), finetune_epochs_run=len(curve(r)), valid_ndcg10_per_epoch=curve(r),
                          valid_loss_per_epoch=[e[1] for e in r['history']['finetune']], metrics={s: r['metrics'][s] for s in ('valid', 'test')})
    result = dict(benchmark='longer', dataset=dataset, item_ids=item_ids, profile=profile, pretrain=pretrain_epochs > 0, seed=seed,
                  eval_users=eval_users, stopped=part(stopped), continued=part(continued),
                  last_epoch=dict(epoch=state['epoch'] + 1, metrics=last),
                  manifest=run_manifest(data, seed, profile, time.time() - start))
    f = Path(out)/f'longer_{profile}_{dataset}_{item_ids}.json'
    atomic_write_text(f, json.dumps(result, indent=1) + '\n')
    print_json({'file': str(f), 'test NDCG@10': {k: round(v['metrics']['test']['NDCG@10'], 4) for k, v in
                                                 (('stopped', result['stopped']), ('continued', result['continued']), ('last_epoch', result['last_epoch']))}})
