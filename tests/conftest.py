import sys
from pathlib import Path
sys.path.insert(0, str(Path(__file__).parent))

import json, os, subprocess
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
