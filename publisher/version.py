"""publisher's version: the one source of it (pyproject.toml's `dynamic = ["version"]` has hatch read it into the
package metadata), so that `publisher --version` needs no metadata lookup."""

__version__ = "0.1.0"
