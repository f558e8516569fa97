"""Every full training run behind chapters 06 to 08, in the order they matter: skips the runs whose results file exists,
resumes the ones that were cut, and runs the rest one (or a few) at a time. A GenRec results file trained with another
recipe than the small profile's (`genrec.learner.TRAIN_DEFAULTS`) is stale: it is run again and replaced.

    python bench/reproduce.py --list              # each run: done, stale, started (resumes from its checkpoint) or todo
    python bench/reproduce.py                     # run what is left, one at a time with every CPU thread
    python bench/reproduce.py --only beauty --jobs 2   # two at a time, half the threads each

Each run is `bench/train.py` with the arguments `--list` shows; its output goes to `logs/{results file stem}.log`. Stopping
this script (Ctrl-C or `kill`) stops its runs; starting it again picks them up from their last complete epoch. Then each
finished run whose model folder is in `runs/` and that `results/exclude_seen_{dataset}.json` has not scored yet is scored
with the history masked (`bench/exclude_seen.py`, one folder at a time: they share a file).
"""
import json, os, signal, subprocess, sys, time
from pathlib import Path
from fastcore.script import call_parse
import this_checkout   # before genrec: this checkout's genrec, not another installed one
from genrec.metrics import result_path
from genrec.learner import training_settings, recorded_settings
from genrec.sasrec import sasrec_settings
from genrec.report import same_metrics

sys.path.insert(0, str(Path(__file__).parent))
from train import run_key

def _genrec(dataset, item_ids, pretrain=True, seed=0):
    return dict(model='genrec', profile='small', dataset=dataset, item_ids=item_ids, pretrain_epochs=2 if pretrain else 0,
                seed=seed)

def _sasrec(dataset, item_ids): return dict(model='sasrec', dataset=dataset, item_ids=item_ids)   # train_sasrec's defaults

RUNS = [  # SASRec, then GenRec with the small profile's recipe: leak-free numberings first, the paper's tables next, repeats last
    *[_sasrec(d, n) for d in ('beauty', 'sports', 'yelp') for n in ('random', 'sequential')],
    *[_genrec(d, n) for d in ('beauty', 'sports', 'yelp') for n in ('collaborative', 'random')],
    *[_genrec(d, 'sequential') for d in ('beauty', 'sports', 'yelp')],
    _genrec('beauty', 'collaborative', seed=1), _genrec('beauty', 'collaborative', seed=2),
    *[_genrec(d, 'sequential', pretrain=False) for d in ('beauty', 'sports', 'yelp')], _genrec('beauty', 'random', pretrain=False),
    _genrec('beauty', 'random', seed=1), _genrec('beauty', 'random', seed=2)]

def run_file(run, out='results'):
    "The results file `run` writes."
    return result_path(run_key(run['model'], run.get('profile'), run['dataset'], run['item_ids'],
                               run.get('pretrain_epochs', 0), run.get('seed', 0)), out)

def run_args(run):
    "`bench/train.py`'s arguments for `run` (the default seed left out)."
    return [a for k, v in run.items() if not (k == 'seed' and v == 0) for a in (f"--{k.replace('_', '-')}", str(v))]

def run_state(run, out='results', runs='runs'):
    "'done' when the results file exists, trained with the recipe (GenRec: the profile's; SASRec: `train_sasrec`'s defaults; else 'stale'), 'started' when a checkpoint does, else 'todo'."
    f = run_file(run, out)
    if f.exists():
        try: hp = json.loads(f.read_text()).get('hyperparameters')
        except ValueError: hp = None
        if run['model'] == 'sasrec': return 'done' if hp == sasrec_settings() else 'stale'
        recorded = None if hp is None else recorded_settings(hp, run['profile'])   # a file older than a setting trained with its default
        return 'done' if recorded == training_settings(run['profile']) else 'stale'   # an older recipe: run again, its file replaced
    return 'started' if (Path(runs)/f.stem/'checkpoints').is_dir() else 'todo'

def run_commands(commands, jobs, logs): # {name: a Python script and its arguments}; runs at a time; log folder
    "Run each command `jobs` at a time, each with an equal share of the CPU threads and its output in `logs/{name}.log`; return the logs of those that failed."
    threads = str(max(1, (os.cpu_count() or 1)//jobs))
    env = {**os.environ, 'OMP_NUM_THREADS': threads, 'MKL_NUM_THREADS': threads}
    Path(logs).mkdir(parents=True, exist_ok=True)
    todo, running, failed = [*commands.items()], {}, []
    # `kill` (SIGTERM) would end this script without its `finally` and leave the runs going; make it stop them like Ctrl-C
    stop = signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    try:
        while todo or running:
            while todo and len(running) < jobs:
                name, cmd = todo.pop(0)
                log = Path(logs)/f"{name}.log"
                print(f"start  {name}  (log: {log})", flush=True)
                with open(log, 'a') as f:   # the run keeps its own copy of the file
                    running[log] = subprocess.Popen([sys.executable, *cmd], stdout=f, stderr=subprocess.STDOUT, env=env)
            time.sleep(5)
            for log, p in [*running.items()]:
                if p.poll() is None: continue
                del running[log]
                print(f"{'done' if p.returncode == 0 else 'FAILED':6} {log.stem}", flush=True)
                if p.returncode: failed.append(log)
    finally:
        for p in running.values(): p.terminate()
        for p in running.values(): p.wait()
        signal.signal(signal.SIGTERM, stop)
    return failed

def masked_unscored(run, out='results', runs='runs'):
    "True when `run` has finished, its model folder exists, and `bench/exclude_seen.py` has no row for it scored from its current results file."
    f, folder = run_file(run, out), Path(runs)/run_file(run, out).stem
    if not (f.exists() and (folder/'metrics.json').is_file()): return False
    scored = Path(out)/f"exclude_seen_{run['dataset']}.json"
    row = json.loads(scored.read_text())['runs'].get(f.stem) if scored.is_file() else None
    return row is None or not same_metrics(row['test'], json.loads(f.read_text())['metrics']['test'])

@call_parse
def main(list:bool=False, # print every run with its state and command, run nothing
         only:str='', # run only those whose results file name contains this ('beauty', 'sasrec', 'nopretrain')
         jobs:int=1, # runs at a time; each gets an equal share of the CPU threads
         out:str='results', runs:str='runs', logs:str='logs'): # results, model and log folders
    "Run the training runs whose results files are missing, `jobs` at a time."
    todo = [r for r in RUNS if only in run_file(r).name]
    if list:
        width = max(len(run_file(r, out).name) for r in todo) + 2   # names never run into their commands
        for r in todo: print(f"{run_state(r, out, runs):8}{run_file(r, out).name:{width}}python bench/train.py {' '.join(run_args(r))}")
        return
    todo = [r for r in todo if run_state(r, out, runs) != 'done']
    if jobs < 1: sys.exit(f"--jobs {jobs}: give 1 or more runs at a time")
    failed = run_commands({run_file(r).stem: [str(Path(__file__).parent/'train.py'), *run_args(r), '--out', out, '--runs', runs]
                           for r in todo}, jobs, logs)
    if failed: sys.exit(f"{len(failed)} run(s) failed; see {', '.join(map(str, failed))}")
    scoring = {f"exclude_seen_{run_file(r).stem}": [str(Path(__file__).parent/'exclude_seen.py'), '--dataset', r['dataset'], '--no-baselines',
                                                    '--folders', str(Path(runs)/run_file(r).stem), '--out', out]
               for r in RUNS if only in run_file(r).name and masked_unscored(r, out, runs)}
    failed = run_commands(scoring, 1, logs)   # one at a time: runs of a dataset share its file
    if failed: sys.exit(f"{len(failed)} scoring(s) with the history masked failed; see {', '.join(map(str, failed))}")
