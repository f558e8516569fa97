"genrec-train, genrec-evaluate and genrec-recommend as a user runs them, on the bundled data, offline."
import json, os, shutil, signal, subprocess, time
from pathlib import Path
import pytest
from test_data_cli import run, assert_one_line_error
from conftest import TRAIN, OFFLINE, run_bench

def test_train_writes_the_model_folder(model_dir):
    out, metrics = model_dir
    names = {p.name for p in out.iterdir()}
    assert {'model.safetensors', 'config.json', 'tokenizer.json', 'catalogue.json', 'metrics.json', 'README.md', 'checkpoints'} <= names
    assert {p.name for p in (out/'checkpoints').iterdir()} == {'pretrain.pt', 'finetune.pt'}
    assert set(metrics) == {'valid', 'test'} and 'NDCG@10' in metrics['test']

def test_train_again_on_a_finished_folder_changes_nothing(model_dir):
    out, metrics = model_dir
    before = {p: p.stat().st_mtime_ns for p in out.rglob('*')}
    code, stdout, _ = run(*TRAIN, '--out', str(out), **OFFLINE)
    assert code == 0 and json.loads(stdout) == metrics
    assert {p: p.stat().st_mtime_ns for p in out.rglob('*')} == before

def test_train_refuses_a_finished_folder_with_other_settings(model_dir):
    out, _ = model_dir
    assert_one_line_error(*run(*TRAIN[:-4], '--eval-users', '32', '--valid-users', '64', '--out', str(out)),
                          'holds a finished run with other settings')

def test_evaluate_twice_prints_the_same(model_dir):
    out, _ = model_dir
    a = run('genrec-evaluate', str(out), '--eval-users', '64', '--json', **OFFLINE)
    b = run('genrec-evaluate', str(out), '--eval-users', '64', '--json', **OFFLINE)
    assert a[0] == 0 and a[1] == b[1] and set(json.loads(a[1])) >= {'HR@1', 'HR@5', 'HR@10', 'NDCG@5', 'NDCG@10'}

def test_recommend_returns_distinct_catalogue_items(model_dir):
    out, _ = model_dir
    code, stdout, _ = run('genrec-recommend', str(out), '--history', '1 2 3', '--top-k', '20', '--json')
    r = json.loads(stdout)
    catalogue = set(json.loads((out/'catalogue.json').read_text())['file_item_ids'][1:])
    assert code == 0 and len(r['items']) == 20 == len(set(r['items'])) and set(r['items']) <= catalogue
    assert r['scores'] == sorted(r['scores'], reverse=True)

def test_recommend_for_an_unknown_user_notes_it(model_dir):
    out, _ = model_dir
    code, stdout, stderr = run('genrec-recommend', str(out), '--history', '5 6', '--user', '999999', '--top-k', '3', '--json')
    assert code == 0 and len(json.loads(stdout)['items']) == 3 and 'user 999999 is unknown' in stderr

def test_recommend_excludes_seen_items(model_dir):
    out, _ = model_dir
    history = [int(i) for i in json.loads((out/'catalogue.json').read_text())['file_item_ids'][1:6]]
    code, stdout, _ = run('genrec-recommend', str(out), '--history', ' '.join(map(str, history)), '--top-k', '50', '--exclude-seen', '--json')
    items = json.loads(stdout)['items']
    assert code == 0 and len(items) == 50 == len(set(items)) and not set(items) & set(history)

def test_sasrec_through_the_same_commands(sasrec_dir, tmp_path):
    out, printed = sasrec_dir
    assert set(printed) == {'valid', 'test'}
    assert json.loads((out/'metrics.json').read_text())['model'] == 'sasrec'
    code, stdout, _ = run('genrec-evaluate', str(out), '--eval-users', '64', '--json', **OFFLINE)
    assert code == 0 and 'NDCG@10' in json.loads(stdout)
    code, stdout, stderr = run('genrec-recommend', str(out), '--history', '1 2 3', '--top-k', '5', '--json')
    assert code == 0 and len(set(json.loads(stdout)['items'])) == 5, stderr
    assert_one_line_error(*run('genrec-train', '--model', 'gru', '--out', str(tmp_path/'x')), "--model must be 'genrec' or 'sasrec'")

def test_sigkill_mid_epoch_resumes_to_the_same_metrics(model_dir, tmp_path):
    # Also the same-seed check: two processes (killed, then resumed) end exactly where one uninterrupted run ends.
    out = tmp_path/'killed'
    p = subprocess.Popen([*TRAIN, '--out', str(out)], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                         env={**os.environ, **OFFLINE})
    deadline = time.time() + 300                              # a hung process, not a slow machine: the whole run takes under a minute
    while not (out/'checkpoints'/'pretrain.pt').exists():     # the pretraining epoch is complete, the finetuning one starts
        assert p.poll() is None and time.time() < deadline, 'training ended before its first checkpoint'
        time.sleep(0.05)
    assert p.poll() is None, 'training finished before it could be killed'
    p.send_signal(signal.SIGKILL); p.wait()
    assert not (out/'metrics.json').exists() and not (out/'checkpoints'/'finetune.pt').exists()
    code, stdout, stderr = run(*TRAIN, '--out', str(out), **OFFLINE)   # the same command again
    assert code == 0, stderr[-2000:]
    assert json.loads(stdout) == model_dir[1]
    r = json.loads((out/'metrics.json').read_text())   # the run's cost counts the killed process's epochs too
    assert r['manifest']['wall_time_s'] >= r['train_s'] + r['eval_s'], (r['manifest']['wall_time_s'], r['train_s'], r['eval_s'])

def wait_for_lock(p, out, deadline=300):
    "Wait until the training process `p` holds the lock of `out` (its pid is in `out/.lock`)."
    end = time.time() + deadline
    while not ((out/'.lock').exists() and (out/'.lock').read_text().strip() == str(p.pid)):
        assert p.poll() is None and time.time() < end, 'training ended before it took its folder'
        time.sleep(0.05)

def test_second_writer_of_a_folder_is_refused(tmp_path):
    out = tmp_path/'model'
    p = subprocess.Popen([*TRAIN, '--out', str(out)], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env={**os.environ, **OFFLINE})
    try:
        wait_for_lock(p, out)
        assert_one_line_error(*run(*TRAIN, '--out', str(out), **OFFLINE), 'is being written by another process', f'(pid {p.pid})')
    finally: p.kill(); p.wait()

def test_bench_train_refuses_a_folder_being_written(tmp_path):
    from genrec.runtime import folder_lock
    with folder_lock(tmp_path/'runs'/'genrec_tiny_beauty-mini_random_pretrain'):
        code, stdout, stderr = run_bench('train.py', '--dataset', 'beauty-mini', '--profile', 'tiny', '--item-ids', 'random',
                                         '--epochs', '1', '--pretrain-epochs', '1', '--runs', str(tmp_path/'runs'), '--out', str(tmp_path/'results'), cwd=tmp_path)
    assert code == 2 and 'Traceback' not in stderr and 'is being written by another process' in stderr, stderr[-2000:]
    assert not (tmp_path/'results').exists()

def test_damaged_metrics_file_is_evaluated_again(model_dir, tmp_path):
    out, metrics = model_dir
    copy = tmp_path/'copy'; shutil.copytree(out, copy); (copy/'metrics.json').write_text('{"model": "gen')
    code, stdout, stderr = run(*TRAIN, '--out', str(copy), **OFFLINE)
    assert code == 0 and json.loads(stdout) == metrics and 'metrics.json is damaged' in stderr, stderr[-2000:]
    assert json.loads((copy/'metrics.json').read_text())['metrics'] == metrics

def test_collaborative_ids_with_the_item_loss_round_trip(tmp_path):
    "A model trained under collaborative ids, with the item loss and without users, evaluates and recommends in the file's ids."
    out = tmp_path/'model'
    code, stdout, stderr = run('genrec-train', '--item-ids', 'collaborative', '--item-loss', '1', '--no-users', '--pretrain-epochs', '1',
                               '--epochs', '1', '--eval-users', '50', '--valid-users', '50', '--out', str(out), **OFFLINE)
    assert code == 0, stderr[-2000:]
    cat, config = (json.loads((out/f).read_text()) for f in ('catalogue.json', 'config.json'))
    assert cat['item_ids'] == 'collaborative' and len(cat['item_codes']) == len(cat['file_item_ids'])
    assert config['item_loss'] == 1.0 and config['n_users'] == 0
    code, stdout, stderr = run('genrec-evaluate', str(out), '--eval-users', '50', '--json', **OFFLINE)
    assert code == 0 and json.loads(stdout)['NDCG@10'] >= 0, stderr[-2000:]
    code, stdout, _ = run('genrec-recommend', str(out), '--history', '1 2 3', '--top-k', '10', '--json')
    r = json.loads(stdout)
    assert code == 0 and len(set(r['items'])) == 10 and set(r['items']) <= set(cat['file_item_ids'][1:])
