"Data-parallel training: the README's genrec-train command in two processes (accelerate launch, gloo on CPU) against one process."
import json, os
import pytest
from test_data_cli import run
from conftest import TRAIN, OFFLINE

pytest.importorskip('accelerate')
# On a machine without GPUs accelerate's multi-GPU launcher (torchrun) runs the processes on the CPU when told so.
LAUNCH = ['accelerate', 'launch', '--multi_gpu', '--num_processes', '2', '--num_machines', '1', '--mixed_precision', 'no',
          '--dynamo_backend', 'no', '--no_python']

def test_two_processes_train_like_one(model_dir, tmp_path):
    one_dir, one = model_dir
    out = tmp_path/'two'
    code, stdout, stderr = run(*LAUNCH, *TRAIN, '--out', str(out), ACCELERATE_USE_CPU='true', OMP_NUM_THREADS=1, **OFFLINE)
    assert code == 0, stderr[-3000:]
    lines = stdout.strip().splitlines()
    assert len(lines) == 1, stdout          # only process 0 evaluates and prints
    two = json.loads(lines[0])
    # Each process computes half of every global batch and DDP averages the gradients, so the optimizer takes the same
    # steps on the same batches: the losses of every epoch agree to 1% (dropout masks differ between processes).
    h1, h2 = [json.loads((d/'metrics.json').read_text())['history'] for d in (one_dir, out)]
    assert h1.keys() == h2.keys()
    for phase in h1:
        for e1, e2 in zip(h1[phase], h2[phase], strict=True):
            assert e1[:2] == pytest.approx(e2[:2], rel=0.01), (phase, e1, e2)
    # The metrics, on 64 users, agree within 4 users (0.0625) on every HR and NDCG.
    for split in ('valid', 'test'):
        for k, v in one[split].items(): assert abs(two[split][k] - v) <= 0.0625, (split, k, v, two[split][k])
    # Process 0 alone wrote the folder: complete, no leftovers of a second writer.
    assert sorted(p.name for p in out.iterdir()) == sorted(p.name for p in one_dir.iterdir())
    assert sorted(p.name for p in (out/'checkpoints').iterdir()) == ['finetune.pt', 'pretrain.pt']
