"""The data files an outline names: paths resolved safely, CSV files and Excel workbooks read as their cells show."""
