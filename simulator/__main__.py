"""`python -m simulator` runs the `agentsim` command line."""

from simulator.cli import main

main()
