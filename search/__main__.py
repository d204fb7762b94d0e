"""`python -m search` runs the `newsfacet` command."""
from .cli import main

main(prog_name="newsfacet")
