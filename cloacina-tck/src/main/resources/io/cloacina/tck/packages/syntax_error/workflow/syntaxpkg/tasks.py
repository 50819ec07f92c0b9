from cloaca import task
from syntaxpkg import broken  # noqa: F401
