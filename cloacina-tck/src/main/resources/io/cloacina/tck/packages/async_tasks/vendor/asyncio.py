# A package may vendor a module named asyncio (PyPI still serves an ancient backport of that name). The bridge's
# async tasks and the package's own `import asyncio` must still get the standard library's: importing this one
# fails the package's import at once.
raise ImportError("tck-async_tasks' vendored asyncio.py was imported instead of the standard library's asyncio")
