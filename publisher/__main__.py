"""`python -m publisher`: the same command as `publisher`."""
from publisher.cli import run

run()
