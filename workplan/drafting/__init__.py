"""Drafting: plans, drafts, sections, plan rows, revisions, conflict copies and the editor.

`services` writes (every save names the version it started from), `selectors` reads through
`workplan.policies`, `views` and `api` are the two ways in, `rows` keeps the plan rows, `redline`
compares texts and rows, `sanitize` cleans rich text on the way in.
"""
