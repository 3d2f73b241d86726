"""The API's request parsers."""

from rest_framework import exceptions, parsers


class JSONParser(parsers.JSONParser):
    """DRF's JSON parser, answering a body nested too deeply to decode with 400 instead of a server error.

    Python's decoder recurses once per nested array or object and gives up with RecursionError, which DRF
    does not catch (it catches only ValueError): a few kilobytes of brackets were a 500. The problem
    details' wording is core.api's, which reads the RecursionError this error is raised from.
    """

    def parse(self, stream, media_type=None, parser_context=None):
        try:
            return super().parse(stream, media_type, parser_context)
        except RecursionError:
            raise exceptions.ParseError from None
