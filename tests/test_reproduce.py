"`bench/reproduce.py`: which full runs are done, stale, started or still to do, and the `bench/train.py` command of each."
import json, os, signal, subprocess, sys, time
import pytest
from make_readme import ROOT

def test_list_shows_each_runs_state_and_command(bench_here, tmp_path):
    (tmp_path/'results').mkdir()
    sys.path.insert(0, str(ROOT/'bench'))
    from genrec.learner import training_settings, LATER_SETTINGS
    (tmp_path/'results'/'genrec_small_beauty_collaborative_pretrain.json').write_text(json.dumps({'hyperparameters': training_settings('small')}))
    (tmp_path/'results'/'genrec_small_beauty_random_pretrain.json').write_text('{}')   # before results recorded their recipe
    older = {k: v for k, v in training_settings('small').items() if k not in LATER_SETTINGS}
    (tmp_path/'results'/'genrec_small_beauty_sequential_pretrain.json').write_text(json.dumps({'hyperparameters': older}))
    (tmp_path/'results'/'genrec_small_beauty_random_nopretrain.json').write_text(json.dumps({'hyperparameters': {**older, 'layers': 2}}))
    (tmp_path/'runs'/'genrec_small_beauty_sequential_nopretrain'/'checkpoints').mkdir(parents=True)
    code, out, err = bench_here('reproduce.py', '--list', '--only', 'genrec_small_beauty', cwd=tmp_path)
    assert code == 0, err
    rows = {l.split()[1]: l for l in out.splitlines()}
    assert len(rows) == 9, out   # 5 Beauty runs + 4 repeats with other seeds
    assert rows['genrec_small_beauty_collaborative_pretrain.json'].startswith('done')
    assert rows['genrec_small_beauty_random_pretrain.json'].startswith('stale')
    assert rows['genrec_small_beauty_sequential_pretrain.json'].startswith('stale')   # recorded before `layers` could change: two layers
    assert rows['genrec_small_beauty_random_nopretrain.json'].startswith('stale')
    assert rows['genrec_small_beauty_sequential_nopretrain.json'].startswith('started')
    assert rows['genrec_small_beauty_random_pretrain_seed2.json'].startswith('todo')
    assert all(l.split()[2] == 'python' for l in rows.values()), out   # the longest name stays apart from its command
    assert rows['genrec_small_beauty_random_pretrain_seed2.json'].endswith(
        'bench/train.py --model genrec --profile small --dataset beauty --item-ids random --pretrain-epochs 2 --seed 2')
    assert '--pretrain-epochs 0' in rows['genrec_small_beauty_sequential_nopretrain.json']

def test_every_results_file_of_the_chapters_has_a_run(bench_here, tmp_path):
    code, out, err = bench_here('reproduce.py', '--list', cwd=tmp_path)
    files = {l.split()[1] for l in out.splitlines()}
    assert len(files) == 23 and all(l.startswith('todo') for l in out.splitlines()), out
    for d in ('beauty', 'sports', 'yelp'):
        for n in ('sequential', 'random'): assert f'sasrec_{d}_{n}.json' in files
        for n in ('sequential', 'random', 'collaborative'): assert f'genrec_small_{d}_{n}_pretrain.json' in files
        assert f'genrec_small_{d}_sequential_nopretrain.json' in files

def test_bad_jobs_is_a_one_line_error(bench_here, tmp_path):
    code, out, err = bench_here('reproduce.py', '--jobs', '0', '--only', 'no such run', cwd=tmp_path)
    assert code == 1 and err.strip() == '--jobs 0: give 1 or more runs at a time'

def test_run_commands_logs_each_command_and_returns_the_failures(tmp_path):
    sys.path.insert(0, str(ROOT/'bench'))
    from reproduce import run_commands
    failed = run_commands({'fine': ['-c', 'import os; print("threads", os.environ["OMP_NUM_THREADS"])'],
                           'broken': ['-c', 'raise SystemExit("no data")']}, 2, tmp_path/'logs')
    assert failed == [tmp_path/'logs'/'broken.log']
    assert (tmp_path/'logs'/'fine.log').read_text().strip().startswith('threads ')
    assert 'no data' in (tmp_path/'logs'/'broken.log').read_text()

def test_kill_stops_the_runs_too(tmp_path):
    "A `kill` of the script (SIGTERM) stops the runs it started, so that a restart never trains the same run twice."
    script = (f"import sys; sys.path.insert(0, {str(ROOT/'bench')!r}); from reproduce import run_commands\n"
              "run_commands({'sleeper': ['-c', 'import os, time; open(\"pid\", \"w\").write(str(os.getpid())); time.sleep(120)']}, 1, 'logs')")
    p = subprocess.Popen([sys.executable, '-c', script], cwd=tmp_path)
    pid_file = tmp_path/'pid'
    for _ in range(600):
        if pid_file.exists() and pid_file.read_text(): break
        time.sleep(0.1)
    child = int(pid_file.read_text())
    p.send_signal(signal.SIGTERM)
    assert p.wait(timeout=60) == 143
    with pytest.raises(ProcessLookupError): os.kill(child, 0)

def test_a_finished_run_is_scored_with_the_history_masked_until_its_row_matches_its_file(tmp_path):
    sys.path.insert(0, str(ROOT/'bench'))
    from reproduce import masked_unscored, RUNS, run_file
    run = next(r for r in RUNS if r['model'] == 'sasrec' and r['dataset'] == 'beauty')
    out, runs = tmp_path/'results', tmp_path/'runs'
    assert not masked_unscored(run, out, runs)   # not trained yet
    test = {'HR@10': 0.07, 'NDCG@10': 0.04}
    out.mkdir(); run_file(run, out).write_text(json.dumps({'metrics': {'test': test}}))
    assert not masked_unscored(run, out, runs)   # no model folder to score
    (runs/run_file(run).stem).mkdir(parents=True); (runs/run_file(run).stem/'metrics.json').write_text('{}')
    assert masked_unscored(run, out, runs)   # no row yet
    rows = lambda t: json.dumps({'runs': {run_file(run).stem: {'test': t}}})
    (out/'exclude_seen_beauty.json').write_text(rows({'HR@10': 0.06, 'NDCG@10': 0.04}))
    assert masked_unscored(run, out, runs)   # a row of an earlier run of that file
    (out/'exclude_seen_beauty.json').write_text(rows(test))
    assert not masked_unscored(run, out, runs)
