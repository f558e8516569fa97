"`genrec-data` and `genrec-baselines` as a user runs them: JSON on stdout, one-line errors, exit codes."
import json, os, shutil, subprocess
from pathlib import Path
import pytest

SHARED = Path(os.environ.get('GENREC_DATA', Path(__file__).resolve().parents[2]/'shared'/'data'))
needs_data = pytest.mark.skipif(not (SHARED/'Beauty.txt').exists(), reason='set GENREC_DATA to the S3-Rec files')

def run(*args, **env):
    "Run a console script with `env` added; return (exit code, stdout, stderr)."
    e = {**os.environ, **{k: str(v) for k, v in env.items()}}
    p = subprocess.run(list(args), capture_output=True, text=True, env=e, timeout=300)
    return p.returncode, p.stdout, p.stderr

def assert_one_line_error(code, out, err, *fragments):
    assert code == 2 and out == '', (code, out, err)
    assert 'Traceback' not in err and len(err.strip().splitlines()) == 1, err
    for f in fragments: assert f in err, (f, err)

@needs_data
def test_statistics_match_the_paper():
    want = {'beauty': (22363, 12101, 198502), 'sports': (35598, 18357, 296337), 'yelp': (30431, 20033, 316354)}
    for name, (u, i, n) in want.items():
        code, out, _ = run('genrec-data', name, '--json', GENREC_DATA=SHARED)
        s = json.loads(out)
        assert code == 0 and (s['users'], s['items'], s['interactions']) == (u, i, n)

@needs_data
def test_probe_leaks_under_sequential_ids_only():
    _, out, _ = run('genrec-baselines', 'beauty', '--item-ids', 'sequential', '--json', GENREC_DATA=SHARED)
    seq = json.loads(out)
    assert round(seq['max_id']['NDCG@10'], 4) == 0.0450 and round(seq['max_id']['HR@1'], 4) == 0.0441
    _, out, _ = run('genrec-baselines', 'beauty', '--item-ids', 'random', '--json', GENREC_DATA=SHARED)
    rnd = json.loads(out)
    assert rnd['max_id']['NDCG@10'] < 0.001
    assert rnd['popularity'] == pytest.approx(seq['popularity'], abs=1e-3)   # popularity never looks at ids

def test_bundled_data_works_offline(tmp_path):
    code, out, _ = run('genrec-data', 'beauty-mini', '--json', GENREC_DATA='', GENREC_CACHE=tmp_path,
                       GENREC_DATA_URL='http://127.0.0.1:9/')
    assert code == 0 and json.loads(out)['users'] == 4903

def test_own_file_with_gaps_is_renumbered(tmp_path):
    f = tmp_path/'mine.txt'; f.write_text("10 100 300 200\n20 300 500 100 700\n")
    code, out, _ = run('genrec-data', str(f), '--json')
    assert code == 0 and json.loads(out)['items'] == 5

def test_file_with_a_byte_order_mark_is_read(tmp_path):
    f = tmp_path/'mine.txt'; f.write_bytes('\ufeff10 100 300 200\n20 300 500 100 700\n'.encode())   # as some editors save
    code, out, err = run('genrec-data', str(f), '--json')
    assert code == 0 and (json.loads(out)['users'], json.loads(out)['items']) == (2, 5), err

def test_unknown_dataset():
    assert_one_line_error(*run('genrec-data', 'beuaty'), "unknown dataset 'beuaty'", 'beauty, sports, yelp')

def test_bad_numbering():
    assert_one_line_error(*run('genrec-baselines', 'beauty-mini', '--item-ids', 'shuffled'), "'sequential', 'random' or 'collaborative'")

@pytest.mark.parametrize('text,fragment', [
    ("1 2 3 4\n2 5 x 7\n", ":2: 'x' is not a positive integer id"),
    ("1 2 3 4\n2 5 6\n", ":2: user 2 has 2 item(s)"),
    ("1 2 3 4\n1 5 6 7\n", ":2: user 1 already has line 1"),
    ("", "no sequences found"),
])
def test_malformed_file(tmp_path, text, fragment):
    f = tmp_path/'bad.txt'; f.write_text(text)
    assert_one_line_error(*run('genrec-data', str(f)), str(f), fragment)

@needs_data
def test_corrupt_file_in_genrec_data_is_refused(tmp_path):
    (tmp_path/'Beauty.txt').write_bytes((SHARED/'Beauty.txt').read_bytes().replace(b'\n12 ', b'\n13 ', 1))
    cache = tmp_path/'cache'; cache.mkdir()
    shutil.copy(SHARED/'Beauty.txt', cache/'Beauty.txt')   # a good copy elsewhere is not a fall-back
    assert_one_line_error(*run('genrec-data', 'beauty', GENREC_DATA=tmp_path, GENREC_CACHE=cache),
                          'Beauty.txt: SHA-256 is', 'expected 226cce9c3105299c')

def test_missing_file_without_network_leaves_nothing(tmp_path):
    cache = tmp_path/'cache'
    assert_one_line_error(*run('genrec-data', 'sports', GENREC_DATA=tmp_path, GENREC_CACHE=cache,
                               GENREC_DATA_URL='http://127.0.0.1:9/'),
                          'could not download http://127.0.0.1:9/Sports_and_Outdoors.txt', 'GENREC_DATA')
    assert not cache.exists() or list(cache.iterdir()) == []

def test_download_from_mirror_is_verified_and_cached(tmp_path):
    if not (SHARED/'Yelp.txt').exists(): pytest.skip('needs the S3-Rec files')
    cache = tmp_path/'cache'
    code, out, _ = run('genrec-data', 'yelp', '--json', GENREC_DATA='', GENREC_CACHE=cache, GENREC_DATA_URL=SHARED.as_uri())
    assert code == 0 and json.loads(out)['users'] == 30431
    assert [p.name for p in cache.iterdir()] == ['Yelp.txt']
