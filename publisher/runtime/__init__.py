"""How a build runs: staged files committed whole, the output folder and file names, the processes that end with the
build, its progress."""
