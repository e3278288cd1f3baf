"""`publisher serve`: a resident build of one outline with a live preview in the browser.

builds: the warm build loop (file changes and `publisher build` requests, one build at a time); snapshot: what a
good build shows (slides, pages, their text, notes and warnings); pictures: the slides and pages as images;
server: the local web page and its event stream; link: how `publisher build` finds and uses a running server.
"""
