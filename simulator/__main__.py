"""`python -m simulator` runs the `agentsim` command line, under that name."""

from simulator.cli import main

main(prog_name="agentsim")
