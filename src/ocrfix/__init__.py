"""ocrfix: clean garbled OCR of scanned diplomatic cables, and record every change."""

from .config import Config, ConfigError
from .core import clean
from .edits import Edit, Step, apply_edits
from .engine import Result
from .filters import Context, Filter

__version__ = "0.1.0"

__all__ = ["clean", "Config", "ConfigError", "Context", "Edit", "Filter", "Result", "Step", "apply_edits", "__version__"]
