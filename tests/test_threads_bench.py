"bench/threads.py: the thread-default benchmark writes its ratios (here timing a trivial command, not the jobs)."
import json
from conftest import run_bench

def test_threads_bench_times_both_defaults(tmp_path):
    probe = 'python -c "import genrec.runtime, os; print(os.environ.get(\'OMP_WAIT_POLICY\'))"'
    code, stdout, stderr = run_bench('threads.py', '--command', probe, '--busy', '0,1', '--out', str(tmp_path), cwd=tmp_path)
    assert code == 0, stderr[-2000:]
    r = json.loads((tmp_path/'threads_beauty-mini.json').read_text())
    assert set(r['jobs']['command']) == {'openmp', 'genrec'} and set(r['jobs']['command']['genrec']) == {'0', '1'}
    for d in ('openmp', 'genrec'):
        t = r['jobs']['command'][d]
        assert r['slowdown']['command'][d]['1'] == round(t['1'] / t['0'], 2)
    assert r['manifest']['date'] and json.loads(stdout)['file'].endswith('threads_beauty-mini.json')
