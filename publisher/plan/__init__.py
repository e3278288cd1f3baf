"""Planning: every editorial and layout decision about an output, made in pure Python before any writer runs."""
