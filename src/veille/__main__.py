"""``python -m veille``: the command line."""

from veille.interfaces.cli import main

main()
