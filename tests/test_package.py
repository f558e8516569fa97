"The package as a newcomer gets it: a wheel installed into a fresh virtual environment."
import json, os, site, subprocess, sys, sysconfig, venv
import pytest
from make_readme import ROOT

def sh(*args, cwd, env=None, timeout=600):
    p = subprocess.run([str(a) for a in args], cwd=cwd, capture_output=True, text=True, env=env, timeout=timeout)
    assert p.returncode == 0, (args, p.stdout[-2000:], p.stderr[-2000:])
    return p.stdout

def running_site_dirs():
    "The package folders of the interpreter running the tests, whatever it is: the system's, a virtual environment's, a user site."
    dirs = [*site.getsitepackages(), site.getusersitepackages(), sysconfig.get_paths()['purelib'], sysconfig.get_paths()['platlib']]
    dirs += [p for p in sys.path if p.endswith(('site-packages', 'dist-packages'))]   # e.g. a base environment a venv sees
    return list(dict.fromkeys(d for d in dirs if os.path.isdir(d)))

@pytest.fixture(scope='module')
def wheel_env(tmp_path_factory):
    "A fresh virtual environment with genrec installed from a freshly built wheel, seeing torch and friends wherever the running interpreter has them."
    tmp = tmp_path_factory.mktemp('wheel')
    sh(sys.executable, '-m', 'pip', 'wheel', '--no-deps', '--no-build-isolation', '-w', tmp/'dist', ROOT, cwd=tmp)
    wheel = next((tmp/'dist').glob('genrec-*.whl'))
    venv.create(tmp/'env', with_pip=True)
    env_site = next((tmp/'env'/'lib').glob('python*/site-packages'))
    # Plain folder lines in a .pth come after the environment's own site-packages on sys.path (so the wheel's genrec
    # wins), and the .pth files inside those folders are not run (so an editable install of the checkout stays out).
    (env_site/'running_interpreter.pth').write_text(''.join(d + '\n' for d in running_site_dirs()))
    bin_ = tmp/'env'/'bin'
    sh(bin_/'python', '-m', 'pip', 'install', '--no-deps', '--force-reinstall', '--no-index', wheel, cwd=tmp)
    env = {k: v for k, v in os.environ.items() if k not in ('GENREC_DATA', 'PYTHONPATH')}
    env.update(PATH=f"{bin_}:{env['PATH']}", GENREC_CACHE=str(tmp/'cache'), GENREC_DATA_URL='http://127.0.0.1:9/')
    return tmp, bin_, wheel, env

def test_wheel_imports_from_itself_with_its_version(wheel_env):
    tmp, bin_, wheel, env = wheel_env
    out = sh(bin_/'python', '-c', 'import genrec, genrec.generate, genrec.sasrec; print(genrec.__file__); print(genrec.__version__)', cwd=tmp, env=env)
    file, version = out.split()
    assert file.startswith(str(tmp/'env')), file                  # the wheel's copy, not the working tree
    assert wheel.name.startswith(f"genrec-{version}-")

def test_wheel_console_scripts_and_bundled_data(wheel_env):
    tmp, bin_, _, env = wheel_env
    for script in ('genrec-data', 'genrec-baselines', 'genrec-train', 'genrec-evaluate', 'genrec-recommend'):
        assert (bin_/script).exists(), script
    stats = json.loads(sh(bin_/'genrec-data', 'beauty-mini', '--json', cwd=tmp, env=env))
    assert (stats['users'], stats['items']) == (4903, 3365)
