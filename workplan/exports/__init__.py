"""Exports of the work plan: a draft or a published plan as PDF, DOCX, CSV or JSON.

A request writes an Export row and queues a task on commit (services); the
task gathers the content once as plain data (document) and puts it into the
asked format (pdf, word, flat); the file is stored through Django's storage
API and read back only through the download view, which asks the policy.
"""
