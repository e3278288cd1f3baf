"""Fonts: families resolved to files, the fonts of one build, TrueType subsets grown glyph by glyph."""
