import sys
from pathlib import Path
sys.path.insert(0, str(Path(__file__).parent))

import json, os, runpy, subprocess
# Under pytest-xdist (`-n auto`, pyproject.toml) each worker, and every command it starts, computes with its share of the
# cores: two workers at two threads each on two cores wait on each other. Set before anything here imports torch.
_workers = int(os.environ.get('PYTEST_XDIST_WORKER_COUNT', '1'))
if _workers > 1:
    from genrec.runtime import usable_cores   # loads no torch
    os.environ.setdefault('OMP_NUM_THREADS', str(max(1, usable_cores() // _workers)))
import pytest
from make_readme import ROOT

OFFLINE = dict(GENREC_DATA_URL='http://127.0.0.1:9/')
TRAIN = ['genrec-train', '--dataset', 'beauty-mini', '--profile', 'tiny', '--pretrain-epochs', '1', '--epochs', '1',
         '--eval-users', '64', '--valid-users', '64']

def run_bench(script, *args, cwd, timeout=300):
    "Run `bench/{script}` with `args` in `cwd`, offline: (exit code, stdout, stderr)."
    p = subprocess.run([sys.executable, str(ROOT/'bench'/script), *args], cwd=cwd, capture_output=True, text=True,
                       env={**os.environ, **OFFLINE}, timeout=timeout)
    return p.returncode, p.stdout, p.stderr

@pytest.fixture
def bench_here(monkeypatch, capsys):
    "`run_bench` without starting Python again: the script runs as `__main__` in this process, whose imports are loaded already. For scripts that train nothing."
    def run(script, *args, cwd):
        monkeypatch.chdir(cwd); monkeypatch.setattr(sys, 'argv', [str(ROOT/'bench'/script), *args])
        monkeypatch.syspath_prepend(str(ROOT/'bench'))   # as `python bench/{script}` puts the script's folder first
        for k, v in OFFLINE.items(): monkeypatch.setenv(k, v)
        capsys.readouterr()
        try: runpy.run_path(str(ROOT/'bench'/script), run_name='__main__'); code = 0
        except SystemExit as e:   # as the interpreter ends: a message goes to stderr with exit code 1
            code = e.code if isinstance(e.code, int) or e.code is None else 1
            if isinstance(e.code, str): print(e.code, file=sys.stderr)
        out, err = capsys.readouterr()
        return code or 0, out, err
    return run

@pytest.fixture(scope='session')
def model_dir(tmp_path_factory):
    "The README's kind of run, once per test session: its model folder and printed metrics."
    from test_data_cli import run
    out = tmp_path_factory.mktemp('run')/'model'
    code, stdout, stderr = run(*TRAIN, '--out', str(out), **OFFLINE)
    assert code == 0, stderr[-2000:]
    # stderr is a pipe here, not a terminal: a line per epoch and per evaluation, no progress-bar frames
    assert len(stderr.encode()) < 5000 and '\r' not in stderr and 'finetune epoch 1/1: train_loss' in stderr, stderr[-1000:]
    return out, json.loads(stdout)

@pytest.fixture(scope='session')
def sasrec_dir(tmp_path_factory):
    "A SASRec run of two epochs through the same command, once per test session: its model folder (named `sasrec`) and printed metrics."
    from test_data_cli import run
    out = tmp_path_factory.mktemp('sasrec_run')/'sasrec'
    code, stdout, stderr = run('genrec-train', '--model', 'sasrec', '--dataset', 'beauty-mini', '--epochs', '2', '--eval-users', '64',
                               '--out', str(out), **OFFLINE)
    assert code == 0, stderr[-2000:]
    return out, json.loads(stdout)
