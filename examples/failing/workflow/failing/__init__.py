"""An example whose workflow fails mid-graph: see pipeline.py."""
