"""Only a shim: the project is described in pyproject.toml.

setuptools' editable install means to copy `data_files` (here, the Voilà template into
<prefix>/share/jupyter, where plain `voila` and `jupyter lab` look for it), but it asks
the distribution `has_data()`, a method no Distribution has, so it never does. This
class answers it. Checked by tests/test_environment_files.py, which builds an editable
wheel and looks for the template in it.
"""

from setuptools import setup
from setuptools.dist import Distribution


class _Distribution(Distribution):
    def has_data(self) -> bool:
        return self.has_data_files()


setup(distclass=_Distribution)
