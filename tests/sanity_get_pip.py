"""Stand-in for the get-pip bootstrap script that `ansible-test --venv` downloads.

Its download host is not reachable from the lab, but PyPI is. tests/sanity.sh
downloads the pip wheel ansible-test wants into ./pip-wheels beside this file
and puts this file where ansible-test looks for a cached bootstrap script.
pip runs straight from its wheel and installs the requested packages (its
first arguments, e.g. pip==24.2) into the empty virtual environment.
"""
import glob
import os
import subprocess
import sys

IGNORED = ('--no-setuptools', '--no-wheel')

wheels = os.path.join(os.path.dirname(os.path.abspath(__file__)), 'pip-wheels')
pip_wheel = sorted(glob.glob(os.path.join(wheels, 'pip-*.whl')))[-1]
args = [arg for arg in sys.argv[1:] if arg not in IGNORED]
subprocess.check_call([sys.executable, os.path.join(pip_wheel, 'pip'), 'install', '--find-links', wheels] + args)
