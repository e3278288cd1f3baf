"""Tools around the build for the author: watch, batch builds (local or on Dask), contact sheets, the starter project
and editor schemas, and the live server."""
