"""Themes (every colour, size and font of both outputs) and the words the tool adds in each language."""
