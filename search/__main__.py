"""`python -m search` runs the `newsfacet` command."""
from search.cli import main

main(prog_name="newsfacet")
