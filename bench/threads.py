"""How genrec shares a two-core machine: two jobs timed idle and beside one and two other CPU-bound processes, under
OpenMP's own wait policy (`GOMP_SPINCOUNT=300000`, what genrec ran with before `genrec.runtime`) and under genrec's
default (`OMP_WAIT_POLICY=PASSIVE`), in one run, the conditions interleaved. Writes `results/threads_beauty-mini.json`.

    python bench/threads.py                      # the README's main job and the test suite's short training
    python bench/threads.py --only test-training --busy 0,1

The jobs run the genrec of this checkout (its folder goes first on PYTHONPATH). A busy process is a Python loop;
it competes for a core the way another user's job does. The slowdown of a default is its time beside the busy
processes over its own idle time.
"""
import json, os, shutil, signal, subprocess, sys, tempfile, time
from pathlib import Path
from fastcore.script import call_parse

from this_checkout import ROOT   # before genrec: this checkout's genrec, not another installed one
from genrec.data import load_dataset
from genrec.files import print_json, atomic_write_text
from genrec.metrics import run_manifest

TRAIN = ['--dataset', 'beauty-mini', '--profile', 'tiny', '--pretrain-epochs', '1', '--epochs', '1', '--eval-users', '64', '--valid-users', '64']
JOBS = {'main job': [], 'test training': TRAIN}   # arguments of genrec-train
DEFAULTS = {'openmp': {'GOMP_SPINCOUNT': '300000'}, 'genrec': {}}   # environment added to the job's

def genrec_train(args): return [shutil.which('genrec-train') or 'genrec-train', *args, '--out', '{out}']   # the console script, as a user runs it

def timed(cmd, env, busy:int):
    "Seconds `cmd` takes beside `busy` CPU-bound processes, and the bytes it wrote to stderr (`{out}` in `cmd`: a fresh folder)."
    hogs = [subprocess.Popen([sys.executable, '-c', 'while True: pass']) for _ in range(busy)]
    try:
        time.sleep(0.5 if busy else 0)
        with tempfile.TemporaryDirectory() as tmp:
            t = time.time()
            p = subprocess.run([a.replace('{out}', str(Path(tmp)/'model')) for a in cmd], capture_output=True, text=True, env=env)
            seconds = time.time() - t
        if p.returncode: raise SystemExit(f"job failed ({p.returncode}): {p.stderr[-2000:]}")
        return round(seconds, 2), len(p.stderr.encode())
    finally:
        for h in hogs: h.kill()
        for h in hogs: h.wait()

@call_parse
def main(only:str=None, # run just this job ('main job' or 'test training', spaces or dashes)
         busy:str='0,1,2', # numbers of busy processes beside the job
         command:str=None, # time this shell command instead of the jobs (for the test of this script)
         out:str='results'): # folder of the results file
    "Time the jobs under both thread defaults and write the results file."
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))   # `kill` ends the busy processes too (through `timed`'s finally)
    start, levels = time.time(), [int(b) for b in busy.split(',')]
    jobs = {'command': ['bash', '-c', command]} if command else \
           {k: genrec_train(v) for k, v in JOBS.items() if only is None or k == only.replace('-', ' ')}
    base = {k: v for k, v in os.environ.items() if k not in ('OMP_WAIT_POLICY', 'GOMP_SPINCOUNT', 'OMP_NUM_THREADS', 'MKL_NUM_THREADS')}
    base.update(PYTHONPATH=os.pathsep.join([str(ROOT), *filter(None, [base.get('PYTHONPATH')])]), GENREC_DATA_URL='http://127.0.0.1:9/')
    probe = subprocess.run([sys.executable, '-c', 'import genrec; print(genrec.__file__)'], capture_output=True, text=True, env=base).stdout.strip()
    times = {j: {d: {} for d in DEFAULTS} for j in jobs}
    stderr = {j: {d: {} for d in DEFAULTS} for j in jobs}
    for job, cmd in jobs.items():
        for n in levels:
            order = list(DEFAULTS) if n % 2 == 0 else list(DEFAULTS)[::-1]   # alternate which default goes first
            for d in order:
                times[job][d][str(n)], stderr[job][d][str(n)] = timed(cmd, {**base, **DEFAULTS[d]}, n)
                print(f"{job:14} {d:7} beside {n} busy: {times[job][d][str(n)]:8.1f} s", file=sys.stderr, flush=True)
    slowdown = {j: {d: {n: round(t[n] / t['0'], 2) for n in t if n != '0'} for d, t in by.items()} for j, by in times.items()} if 0 in levels else None
    res = dict(benchmark='threads', dataset='beauty-mini', cores=os.cpu_count(), defaults=DEFAULTS, jobs=times, slowdown=slowdown,
               stderr_bytes=stderr, genrec_used=probe, goal=dict(slowdown_beside_1_busy=2.0, idle_vs_openmp=1.0),
               commands={j: ' '.join(['genrec-train', *c[1:-2]]) for j, c in jobs.items()} if not command else {'command': command},
               manifest=run_manifest(load_dataset('beauty-mini'), 0, 'tiny', time.time() - start))
    path = Path(out)/'threads_beauty-mini.json'
    atomic_write_text(path, json.dumps(res, indent=1) + '\n')
    print_json({'file': str(path), 'slowdown': slowdown})
